import { BackendBadge } from './BackendBadge';
import { BackendSelect } from './BackendSelect';

/** The title, the other mode's link (the studio and teaching mode are two routes of one app), the backend. */
export function Header({ mode = 'studio' }: { mode?: 'studio' | 'teaching' }) {
  return (
    <header className="header">
      <h1>Distill Studio{mode === 'teaching' ? ': teaching mode' : ''}</h1>
      <p className="header__tagline">
        {mode === 'teaching' ? 'Distillation you can see, on 2D points' : 'Knowledge distillation, live, in your browser'} ·{' '}
        <a href={mode === 'teaching' ? './' : './?mode=teaching'}>{mode === 'teaching' ? 'Back to the studio' : 'Teaching mode'}</a>
      </p>
      <div className="header__backend">
        <BackendBadge />
        <BackendSelect />
      </div>
    </header>
  );
}

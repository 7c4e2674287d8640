import { BackendBadge } from './BackendBadge';
import { BackendSelect } from './BackendSelect';

/**
 * The title, the other mode's link (the studio and teaching mode are two routes of one app), the
 * backend. The link never shrinks: on a narrow screen the tagline and the backend's detail give way.
 */
export function Header({ mode = 'studio' }: { mode?: 'studio' | 'teaching' }) {
  return (
    <header className="header">
      <h1>Distill Studio{mode === 'teaching' ? ': teaching mode' : ''}</h1>
      <p className="header__tagline">
        <span>{mode === 'teaching' ? 'Distillation you can see, on 2D points' : 'Knowledge distillation, live, in your browser'}</span>
      </p>
      <a className="header__mode" href={mode === 'teaching' ? './' : './?mode=teaching'}>
        {mode === 'teaching' ? 'Back to the studio' : 'Teaching mode'}
      </a>
      <div className="header__backend">
        <BackendBadge />
        <BackendSelect />
      </div>
    </header>
  );
}

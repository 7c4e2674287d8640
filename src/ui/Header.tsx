import { BackendBadge } from './BackendBadge';
import { BackendSelect } from './BackendSelect';

export function Header() {
  return (
    <header className="header">
      <h1>Distill Studio</h1>
      <p className="header__tagline">Knowledge distillation, live, in your browser</p>
      <div className="header__backend">
        <BackendBadge />
        <BackendSelect />
      </div>
    </header>
  );
}

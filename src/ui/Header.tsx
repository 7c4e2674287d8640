import { BackendBadge } from './BackendBadge';
import { BackendSelect } from './BackendSelect';

export function Header() {
  return (
    <header className="header">
      <div className="header__title">
        <h1>Distill Studio</h1>
        <p className="header__tagline">Train a teacher ensemble on MNIST, then distil it into a small student — in your browser.</p>
      </div>
      <div className="header__backend">
        <BackendBadge />
        <BackendSelect />
      </div>
    </header>
  );
}

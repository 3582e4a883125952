import { startHostFileFetch } from './incidents/host-file-fetch';
import { showBootFailure } from './app/boot-failure';
import './styles.css';

// The entry chunk is tiny on purpose: it starts fetching an incident file the host serves
// (host-file-fetch.ts) before the browser downloads and parses the console's own chunk,
// so the file and the code arrive together instead of one after the other.
startHostFileFetch();

const root = document.getElementById('root');
if (root) {
  import('./app/mount').then(
    ({ mountConsole }) => mountConsole(root),
    (error: unknown) => showBootFailure(root, error),
  );
}

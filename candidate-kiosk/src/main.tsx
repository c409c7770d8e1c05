import { createRoot } from 'react-dom/client';
import { KioskController } from './exam/controller';
import { App } from './App';
import './kiosk.css';

const controller = new KioskController();
// A voter's phone opens the page as /kiosk/#phone (where the venue allows phone voting); every other device is a kiosk.
void controller.start(location.origin, location.hash === '#phone' ? 'phone' : 'kiosk');
createRoot(document.getElementById('root')!).render(<App c={controller} />);

import { createRoot } from 'react-dom/client';
import { KioskController } from './exam/controller';
import { App } from './App';
import './kiosk.css';

const controller = new KioskController();
void controller.start();
createRoot(document.getElementById('root')!).render(<App c={controller} />);

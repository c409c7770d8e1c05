import { get, set } from 'idb-keyval';
import { browserDeviceSigner } from '@exam/shared';

/** This kiosk's key, kept in IndexedDB (see browserDeviceSigner in shared). */
export const deviceSigner = () => browserDeviceSigner({ get, set });

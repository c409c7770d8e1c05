import { z } from 'zod';
import { isBase64 } from '../encoding/bytes';

/** `phone`: a voter's own phone, only where the venue allows phone voting (docs/evaluation.md): a booth while connected, never stored. */
export const DEVICE_KINDS = ['kiosk', 'desk', 'tablet', 'phone'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** What a device may do once admitted. A kiosk is always a kiosk; a tablet is admitted as a marker, an examiner, a supervisor, an escort, or a contributor to the draw (a candidates' representative, if the organiser wants one); a tablet or a computer's browser is admitted as the organiser's console or a qualification reviewer; a kiosk switched to voting is admitted as a booth (测评投票机), or as a teller's station (计票录入机) entering paper ballots. */
export const ROLES = ['kiosk', 'desk', 'marker', 'examiner', 'supervisor', 'escort', 'contributor', 'organiser', 'reviewer', 'booth', 'teller'] as const;
export type Role = (typeof ROLES)[number];

const b64 = (max: number) => z.string().max(max).refine(isBase64, 'base64');

/** The answer to GET /api/auth/challenge. */
export interface Challenge {
  challenge: string;
  serverTime: number;
  protocol: number;
  expiresInMs: number;
}

/**
 * What a device signs to prove its key at connection (object type `device-auth`):
 * the fresh challenge, its own public key and the kind of device.
 */
export interface DeviceAuthStatement {
  challenge: string;
  publicKey: string;
  kind: DeviceKind;
  protocol: number;
}

/** socket.io handshake `auth` field. */
export const handshakeSchema = z
  .object({
    protocol: z.number().int(),
    kind: z.enum(DEVICE_KINDS),
    publicKey: b64(64),
    challenge: b64(64),
    signature: b64(128),
    label: z.string().max(100).optional(),
    /** The desk access code printed by the server at start; admits a desk device. */
    deskCode: z.string().max(64).optional(),
  })
  .strict();
export type Handshake = z.infer<typeof handshakeSchema>;

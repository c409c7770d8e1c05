import { isIP } from 'node:net';

/**
 * Whether a request's `Host` names this server as the venue knows it: an IP address (what the
 * kiosks, tablets and desks are given), `localhost`, or a name the venue's certificate or the
 * phones' certificate holds. Any other name is a page that reached this server through a name of
 * someone else's — DNS rebinding, where a site's name is made to point at the venue's address so that
 * its page counts as the server's own origin — and gets nothing (docs/protocol.md §1). Clients that
 * send no `Host` (HTTP/1.0, not a browser) are not refused by it.
 */
export function venueHosts(names: readonly string[]): (host: string | undefined) => boolean {
  const known = new Set(['localhost', ...names.map((n) => n.toLowerCase())]);
  return (host) => {
    if (host === undefined) return true;
    let name: string;
    try {
      name = new URL(`http://${host}`).hostname.toLowerCase();
    } catch {
      return false;
    }
    const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
    return isIP(bare) !== 0 || known.has(name.replace(/\.$/, ''));
  };
}

export const NOT_THE_VENUE_TEXT = {
  en: 'this address does not name the exam server: open it by its IP address, as the venue gave it',
  zh: '这个地址不是考务服务器的地址：请按考场提供的 IP 地址打开',
};

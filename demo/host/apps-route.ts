/**
 * The demo host's app list, `GET /alli/apps`: the project's conversational apps, each with the
 * `transport` (and, for a skill, the `placement`) the page sets on `<alli-chat>` to talk to it.
 * It asks Alli through the server-side client (src/server/alli-api-client.ts) with the API key,
 * which stays on this server; the page only sees ids, names and types (docs/transports.md §8).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAlliApiClient, type App } from '../../src/server/alli-api-client.js';

export interface DemoApp {
  id: string;
  name: string;
  type: string;
  transport: 'conversation' | 'llm-app' | 'skill';
  placement?: string;
}

export interface AppsRouteOptions {
  /** Where Alli (or the mock) lives; default: this same server. */
  alliBase?: string;
  /** Default `$MOCK_ALLI_API_KEY` or the mock's dev key. */
  apiKey?: string;
  path?: string;
  /**
   * Where this site placed each skill. The App Market API does not list placements: the site
   * that deploys a skill knows where (these match the mock's project).
   */
  placements?: Record<string, string>;
}

const DEFAULT_PLACEMENTS: Record<string, string> = { 'help-desk': 'website', 'order-lookup': 'orders' };

/** An app's type → the widget's transport; single-action apps take form inputs, not a chat, and are left out. */
const TRANSPORTS: Record<string, DemoApp['transport']> = { campaign: 'conversation', agent: 'llm-app', skill: 'skill' };

function toDemoApps(apps: readonly App[], placements: Record<string, string>): DemoApp[] {
  return apps.flatMap((app) => {
    const transport = TRANSPORTS[app.type];
    if (!transport) return [];
    const entry: DemoApp = { id: app.id, name: app.name, type: app.type, transport };
    if (transport === 'skill' && placements[app.id]) entry.placement = placements[app.id];
    return [entry];
  });
}

export function createAppsRoute({
  alliBase,
  apiKey = process.env.MOCK_ALLI_API_KEY ?? 'mock-alli-dev-key',
  path = '/alli/apps',
  placements = DEFAULT_PLACEMENTS,
}: AppsRouteOptions = {}) {
  const claims = (url: string | undefined) => (url ?? '').split('?')[0] === path;

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return send(res, 405, { error: { name: 'METHOD_NOT_ALLOWED' }, message: 'GET the app list' });
    }
    const alli = createAlliApiClient({ baseUrl: alliBase ?? `http://${req.headers.host}`, apiKey });
    const apps: App[] = [];
    let cursor: string | undefined;
    // Every page: the list is short, and the picker shows all of it.
    do {
      const page = await alli.listApps({ pageSize: 100, cursor }, { signal: AbortSignal.timeout(5000) });
      apps.push(...page.apps);
      cursor = page.cursor ?? undefined;
    } while (cursor);
    send(res, 200, { apps: toDemoApps(apps, placements) });
  }

  return {
    claims,
    handle(req: IncomingMessage, res: ServerResponse): void {
      respond(req, res).catch((err: unknown) => {
        console.error('[apps-route] listing the apps failed:', err);
        if (!res.headersSent) send(res, 502, { error: { name: 'APPS_UNAVAILABLE' }, message: 'Could not list the apps from Alli.' });
        else res.destroy();
      });
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

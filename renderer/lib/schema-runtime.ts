/**
 * Sets zod up for the page before any page validates anything. The page's CSP forbids eval, and
 * without this zod probes `new Function` on its first object parse, which the browser reports as
 * a CSP violation each time the page loads. The router loads this module before every page
 * (router.ts), so it runs first whichever page opens first; the start-up code never loads zod.
 */

import { z } from 'zod'

z.config({ jitless: true })

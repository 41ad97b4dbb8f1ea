// The permalink of a unit, `/u/<id>`: what every answer of the services carries as `url`, and
// what the routes redirect from and build page links beside. A leaf (no imports) so that services
// and routes can both use it without a service reaching up into the HTTP layer (issue 24).

/** A unit's permalink path, `/u/<id>`: it redirects to the unit on its debate page. */
export function unitUrl(id: string): string {
  return `/u/${encodeURIComponent(id)}`;
}

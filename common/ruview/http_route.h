/* libruview — the request checks of rvwssink's HTTP/WebSocket server that
 * are ours (libsoup parses the HTTP itself): path routing, the Host
 * allowlist against DNS rebinding, and the document-root path mapping.
 * Plain functions on NUL-terminated strings, no allocation: testable and
 * fuzzable alone. */
#ifndef RUVIEW_HTTP_ROUTE_H
#define RUVIEW_HTTP_ROUTE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  RV_ROUTE_NOT_FOUND = 0,
  RV_ROUTE_VIEW,                /* "/", "/index.html": the live view */
  RV_ROUTE_WS_SENSING,          /* "/ws/sensing" */
  RV_ROUTE_HEALTH,              /* "/health" */
  RV_ROUTE_HEALTH_LIVE,         /* "/health/live" */
  RV_ROUTE_HEALTH_READY,        /* "/health/ready" */
  RV_ROUTE_STATUS,              /* "/api/v1/status" */
  RV_ROUTE_LATEST,              /* "/api/v1/sensing/latest" */
  RV_ROUTE_UI,                  /* "/ui" and "/ui/…": document-root */
  RV_ROUTE_BAD_METHOD           /* a known path with a method other than GET/HEAD */
} RvRoute;

/* The route of a request: exact paths (no query; percent-encoding is not
 * decoded here), methods GET and HEAD only.  NULL arguments → NOT_FOUND. */
RvRoute rv_http_route (const char *method, const char *path);

/* "not_found", "view", "ws_sensing", … (for logs and statistics). */
const char *rv_http_route_name (RvRoute r);

/* Whether a Host header value may be served.  Allowed: an IP literal
 * (IPv4 dotted quad, or a bracketed IPv6 address), "localhost" (and names
 * under ".localhost"), and the names in allowed[0..n) compared without case
 * ("*" allows every name).  A port suffix and one trailing dot are ignored.
 * A hostname is what DNS rebinding needs: a page of evil.example whose name
 * later resolves to 127.0.0.1 still sends "Host: evil.example".
 * NULL or empty host → 0. */
int rv_http_host_allowed (const char *host, const char *const *allowed,
                          size_t n_allowed);

/* Maps a "/ui/…" request path to a path relative to the document root:
 * percent-decoded, "/ui" and "/ui/" → "index.html", a trailing '/' gets
 * "index.html".  Refused (returns −1): another prefix, an empty, "." or
 * ".." segment, a backslash, a NUL or control character, a bad escape, or a
 * result longer than cap − 1.  Returns the length written (NUL-terminated). */
int rv_http_ui_relpath (const char *path, char *out, size_t cap);

/* The Content-Type for a file name by its extension ("text/html;
 * charset=utf-8", "application/javascript", "text/css", "application/json",
 * "image/svg+xml", "image/png", …; "application/octet-stream" otherwise). */
const char *rv_http_content_type (const char *name);

#ifdef __cplusplus
}
#endif
#endif

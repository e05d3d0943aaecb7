/* libruview — rvwssink's request checks (http_route.h). */
#include <string.h>

#include "ruview/http_route.h"

static const struct {
  const char *path;
  RvRoute route;
} exact_routes[] = {
  {"/", RV_ROUTE_VIEW},
  {"/index.html", RV_ROUTE_VIEW},
  {"/ws/sensing", RV_ROUTE_WS_SENSING},
  {"/health", RV_ROUTE_HEALTH},
  {"/health/live", RV_ROUTE_HEALTH_LIVE},
  {"/health/ready", RV_ROUTE_HEALTH_READY},
  {"/api/v1/status", RV_ROUTE_STATUS},
  {"/api/v1/sensing/latest", RV_ROUTE_LATEST},
  {"/ui", RV_ROUTE_UI},
};

RvRoute
rv_http_route (const char *method, const char *path)
{
  RvRoute r = RV_ROUTE_NOT_FOUND;
  size_t i;

  if (!method || !path)
    return RV_ROUTE_NOT_FOUND;
  for (i = 0; i < sizeof (exact_routes) / sizeof (exact_routes[0]); i++) {
    if (strcmp (path, exact_routes[i].path) == 0) {
      r = exact_routes[i].route;
      break;
    }
  }
  if (r == RV_ROUTE_NOT_FOUND && strncmp (path, "/ui/", 4) == 0)
    r = RV_ROUTE_UI;
  if (r != RV_ROUTE_NOT_FOUND && strcmp (method, "GET") != 0
      && strcmp (method, "HEAD") != 0)
    return RV_ROUTE_BAD_METHOD;
  return r;
}

const char *
rv_http_route_name (RvRoute r)
{
  static const char *const names[] = { "not_found", "view", "ws_sensing",
    "health", "health_live", "health_ready", "status", "latest", "ui",
    "bad_method"
  };
  return (unsigned) r < sizeof (names) / sizeof (names[0]) ? names[r] : "?";
}

static int
lower (int c)
{
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
name_equal (const char *a, size_t alen, const char *b)
{
  size_t blen = strlen (b), i;
  if (blen > 0 && b[blen - 1] == '.')
    blen--;
  if (alen != blen)
    return 0;
  for (i = 0; i < alen; i++)
    if (lower ((unsigned char) a[i]) != lower ((unsigned char) b[i]))
      return 0;
  return 1;
}

static int
is_ipv4 (const char *s, size_t n)
{
  size_t i = 0;
  int parts = 0;

  while (i < n) {
    unsigned v = 0, digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + (unsigned) (s[i] - '0');
      if (++digits > 3 || v > 255)
        return 0;
      i++;
    }
    if (digits == 0)
      return 0;
    parts++;
    if (i < n) {
      if (s[i] != '.' || parts == 4)
        return 0;
      i++;
      if (i == n)
        return 0;
    }
  }
  return parts == 4;
}

static int
is_ipv6_body (const char *s, size_t n)
{
  size_t i;
  int colons = 0;

  if (n < 2)
    return 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == ':')
      colons++;
    else if (!((c >= '0' && c <= '9') || (lower (c) >= 'a' && lower (c) <= 'f')
            || c == '.'))
      return 0;
  }
  return colons >= 2;
}

int
rv_http_host_allowed (const char *host, const char *const *allowed,
    size_t n_allowed)
{
  const char *name, *end;
  size_t n, i;

  if (!host || !*host)
    return 0;
  if (host[0] == '[') {
    /* [v6]:port */
    end = strchr (host, ']');
    if (!end || (end[1] != '\0' && end[1] != ':'))
      return 0;
    return is_ipv6_body (host + 1, (size_t) (end - host - 1));
  }
  name = host;
  end = strchr (host, ':');
  n = end ? (size_t) (end - host) : strlen (host);
  if (end) {
    /* the port must be digits only */
    const char *p = end + 1;
    if (!*p)
      return 0;
    for (; *p; p++)
      if (*p < '0' || *p > '9')
        return 0;
  }
  if (n > 0 && name[n - 1] == '.')
    n--;
  if (n == 0)
    return 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char) name[i];
    if (c <= ' ' || c >= 0x7f || c == '/' || c == '@' || c == '\\')
      return 0;
  }
  if (is_ipv4 (name, n))
    return 1;
  if (name_equal (name, n, "localhost"))
    return 1;
  if (n > 10 && name_equal (name + n - 10, 10, ".localhost"))
    return 1;
  for (i = 0; i < n_allowed; i++) {
    if (!allowed[i])
      continue;
    if (strcmp (allowed[i], "*") == 0 || name_equal (name, n, allowed[i]))
      return 1;
  }
  return 0;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  c = (char) lower ((unsigned char) c);
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

int
rv_http_ui_relpath (const char *path, char *out, size_t cap)
{
  const char *p;
  size_t len = 0, seg_start = 0;

  if (!path || !out || cap < 11)
    return -1;
  if (strcmp (path, "/ui") == 0 || strcmp (path, "/ui/") == 0) {
    memcpy (out, "index.html", 11);
    return 10;
  }
  if (strncmp (path, "/ui/", 4) != 0)
    return -1;
  for (p = path + 4;; p++) {
    char c = *p;
    if (c == '%') {
      int hi = hex_value (p[1]), lo = hi >= 0 ? hex_value (p[2]) : -1;
      if (hi < 0 || lo < 0)
        return -1;
      c = (char) (hi * 16 + lo);
      if (c == '\0' || c == '/')
        return -1;              /* an encoded '/' would dodge the segment check */
      p += 2;
    } else if (c == '/' || c == '\0') {
      size_t seg = len - seg_start;
      if (seg == 0 && c == '/')
        return -1;
      if ((seg == 1 && out[seg_start] == '.') ||
          (seg == 2 && out[seg_start] == '.' && out[seg_start + 1] == '.'))
        return -1;
      if (c == '\0')
        break;
      seg_start = len + 1;
    }
    if ((unsigned char) c < 0x20 || c == 0x7f || c == '\\')
      return -1;
    if (len + 1 >= cap)
      return -1;
    out[len++] = c;
  }
  if (len == 0 || out[len - 1] == '/') {
    if (len + 11 > cap)
      return -1;
    memcpy (out + len, "index.html", 11);
    return (int) (len + 10);
  }
  out[len] = '\0';
  return (int) len;
}

const char *
rv_http_content_type (const char *name)
{
  static const struct {
    const char *ext, *type;
  } types[] = {
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".js", "application/javascript"},
    {".mjs", "application/javascript"},
    {".css", "text/css"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".wasm", "application/wasm"},
    {".txt", "text/plain; charset=utf-8"},
  };
  const char *dot = name ? strrchr (name, '.') : NULL;
  size_t i;

  if (dot)
    for (i = 0; i < sizeof (types) / sizeof (types[0]); i++)
      if (name_equal (dot, strlen (dot), types[i].ext))
        return types[i].type;
  return "application/octet-stream";
}

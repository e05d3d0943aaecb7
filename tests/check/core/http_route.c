/* libruview: rvwssink's request checks (common/ruview/http_route.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include "ruview/http_route.h"

GST_START_TEST (test_routes)
{
  fail_unless_equals_int (rv_http_route ("GET", "/"), RV_ROUTE_VIEW);
  fail_unless_equals_int (rv_http_route ("HEAD", "/index.html"),
      RV_ROUTE_VIEW);
  fail_unless_equals_int (rv_http_route ("GET", "/ws/sensing"),
      RV_ROUTE_WS_SENSING);
  fail_unless_equals_int (rv_http_route ("GET", "/health"), RV_ROUTE_HEALTH);
  fail_unless_equals_int (rv_http_route ("GET", "/health/live"),
      RV_ROUTE_HEALTH_LIVE);
  fail_unless_equals_int (rv_http_route ("GET", "/health/ready"),
      RV_ROUTE_HEALTH_READY);
  fail_unless_equals_int (rv_http_route ("GET", "/api/v1/status"),
      RV_ROUTE_STATUS);
  fail_unless_equals_int (rv_http_route ("GET", "/api/v1/sensing/latest"),
      RV_ROUTE_LATEST);
  fail_unless_equals_int (rv_http_route ("GET", "/ui"), RV_ROUTE_UI);
  fail_unless_equals_int (rv_http_route ("GET", "/ui/app.js"), RV_ROUTE_UI);
  fail_unless_equals_int (rv_http_route ("POST", "/health"),
      RV_ROUTE_BAD_METHOD);
  fail_unless_equals_int (rv_http_route ("GET", "/health/"),
      RV_ROUTE_NOT_FOUND);
  fail_unless_equals_int (rv_http_route ("GET", "/ws/sensing/x"),
      RV_ROUTE_NOT_FOUND);
  fail_unless_equals_int (rv_http_route ("GET", "/uix"), RV_ROUTE_NOT_FOUND);
  fail_unless_equals_int (rv_http_route ("DELETE", "/nope"),
      RV_ROUTE_NOT_FOUND);
  fail_unless_equals_int (rv_http_route (NULL, "/"), RV_ROUTE_NOT_FOUND);
  fail_unless_equals_int (rv_http_route ("GET", NULL), RV_ROUTE_NOT_FOUND);
  fail_unless_equals_string (rv_http_route_name (RV_ROUTE_STATUS), "status");
}
GST_END_TEST;

GST_START_TEST (test_hosts)
{
  const char *const allowed[] = { "room.example", "*.nope" };
  const char *const any[] = { "*" };

  fail_unless (rv_http_host_allowed ("127.0.0.1:8765", NULL, 0));
  fail_unless (rv_http_host_allowed ("192.168.1.20", NULL, 0));
  fail_unless (rv_http_host_allowed ("[::1]:8765", NULL, 0));
  fail_unless (rv_http_host_allowed ("[fe80::1]", NULL, 0));
  fail_unless (rv_http_host_allowed ("localhost:8765", NULL, 0));
  fail_unless (rv_http_host_allowed ("LocalHost.", NULL, 0));
  fail_unless (rv_http_host_allowed ("app.localhost", NULL, 0));
  fail_unless (rv_http_host_allowed ("Room.Example:80", allowed, 2));
  fail_unless (rv_http_host_allowed ("anything.at.all", any, 1));
  /* DNS rebinding: a name not listed */
  fail_if (rv_http_host_allowed ("evil.example", allowed, 2));
  fail_if (rv_http_host_allowed ("localhost.evil.example", NULL, 0));
  fail_if (rv_http_host_allowed ("x.nope", allowed, 2));        /* no globs */
  fail_if (rv_http_host_allowed ("127.0.0.1.evil.example", NULL, 0));
  fail_if (rv_http_host_allowed ("256.0.0.1", NULL, 0));
  fail_if (rv_http_host_allowed ("1.2.3", NULL, 0));
  fail_if (rv_http_host_allowed ("1.2.3.4.", NULL, 0) == 0);    /* dot ok */
  fail_if (rv_http_host_allowed ("[::1", NULL, 0));
  fail_if (rv_http_host_allowed ("[::1]x", NULL, 0));
  fail_if (rv_http_host_allowed ("[zz::1]", NULL, 0));
  fail_if (rv_http_host_allowed ("localhost:", NULL, 0));
  fail_if (rv_http_host_allowed ("localhost:80a", NULL, 0));
  fail_if (rv_http_host_allowed ("user@localhost", NULL, 0));
  fail_if (rv_http_host_allowed ("", NULL, 0));
  fail_if (rv_http_host_allowed (NULL, NULL, 0));
  fail_if (rv_http_host_allowed (":80", NULL, 0));
}
GST_END_TEST;

GST_START_TEST (test_ui_paths)
{
  char out[64];

  fail_unless_equals_int (rv_http_ui_relpath ("/ui", out, sizeof (out)), 10);
  fail_unless_equals_string (out, "index.html");
  fail_unless_equals_int (rv_http_ui_relpath ("/ui/", out, sizeof (out)), 10);
  fail_unless (rv_http_ui_relpath ("/ui/js/app.js", out, sizeof (out)) > 0);
  fail_unless_equals_string (out, "js/app.js");
  fail_unless (rv_http_ui_relpath ("/ui/a%20b.css", out, sizeof (out)) > 0);
  fail_unless_equals_string (out, "a b.css");
  fail_unless (rv_http_ui_relpath ("/ui/sub/", out, sizeof (out)) > 0);
  fail_unless_equals_string (out, "sub/index.html");
  fail_unless (rv_http_ui_relpath ("/ui/..foo", out, sizeof (out)) > 0);
  /* escapes out of the root, or odd bytes */
  fail_unless (rv_http_ui_relpath ("/ui/../etc/passwd", out, sizeof (out)) <
      0);
  fail_unless (rv_http_ui_relpath ("/ui/a/../../x", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/%2e%2e/x", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/a%2f..%2fb", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/./x", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui//etc", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/a\\b", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/a%00b", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/a%0ab", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/a%zz", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/a%4", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/other", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", out, sizeof (out)) < 0);
  fail_unless (rv_http_ui_relpath ("/ui/x/", out, 12) < 0);
}
GST_END_TEST;

GST_START_TEST (test_content_types)
{
  fail_unless_equals_string (rv_http_content_type ("index.html"),
      "text/html; charset=utf-8");
  fail_unless_equals_string (rv_http_content_type ("a/app.JS"),
      "application/javascript");
  fail_unless_equals_string (rv_http_content_type ("x.css"), "text/css");
  fail_unless_equals_string (rv_http_content_type ("blob"),
      "application/octet-stream");
}
GST_END_TEST;

static Suite *
http_route_suite (void)
{
  Suite *s = suite_create ("core-http-route");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_routes);
  tcase_add_test (tc, test_hosts);
  tcase_add_test (tc, test_ui_paths);
  tcase_add_test (tc, test_content_types);
  return s;
}

GST_CHECK_MAIN (http_route);

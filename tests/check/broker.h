/* A mosquitto broker for a test or a benchmark: Debian's broker on a free
 * loopback port, its own directory (configuration, persistence, log),
 * started, stopped with SIGTERM (it saves its persistence) and restarted on
 * the same port.  What cannot be set up aborts the program with a message
 * (g_error): a test then fails, a benchmark stops. */
#ifndef RV_TEST_BROKER_H
#define RV_TEST_BROKER_H

#include <glib.h>
#include <glib/gstdio.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define BROKER_CHECK(cond, ...) G_STMT_START { \
  if (!(cond)) \
    g_error ("broker: " __VA_ARGS__); \
} G_STMT_END

/* the broker's executable (NULL when it is not installed) */
static inline const gchar *
broker_program (void)
{
  static gchar *path;
  static gsize once;
  if (g_once_init_enter (&once)) {
    path = g_find_program_in_path ("mosquitto");
    if (!path && g_file_test ("/usr/sbin/mosquitto",
            G_FILE_TEST_IS_EXECUTABLE))
      path = g_strdup ("/usr/sbin/mosquitto");
    g_once_init_leave (&once, 1);
  }
  return path;
}

typedef struct
{
  gchar *dir;
  gint port;
  GPid pid;
  gchar *extra;                 /* more configuration lines */
} Broker;

static inline gint
free_port (void)
{
  struct sockaddr_in a;
  socklen_t len = sizeof (a);
  gint s = socket (AF_INET, SOCK_STREAM, 0), port;

  memset (&a, 0, sizeof (a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  BROKER_CHECK (bind (s, (struct sockaddr *) &a, sizeof (a)) == 0, "bind");
  BROKER_CHECK (getsockname (s, (struct sockaddr *) &a, &len) == 0,
      "getsockname");
  port = ntohs (a.sin_port);
  close (s);
  return port;
}

static inline gboolean
port_open (gint port)
{
  struct sockaddr_in a;
  gint s = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok;

  memset (&a, 0, sizeof (a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  a.sin_port = htons ((guint16) port);
  ok = connect (s, (struct sockaddr *) &a, sizeof (a)) == 0;
  close (s);
  return ok;
}

/* Starts (or restarts, same port and files) the broker and waits until it
 * takes connections.  FALSE when it exits first (port taken meanwhile). */
static inline gboolean
broker_run (Broker * b)
{
  gchar *conf = g_build_filename (b->dir, "mosquitto.conf", NULL);
  gchar *text = g_strdup_printf ("listener %d 127.0.0.1\n"
      "allow_anonymous true\n"
      "persistence true\n"
      "persistence_location %s/\n"
      "autosave_interval 0\n"
      "max_queued_messages 100000\n"
      "log_dest file %s/mosquitto.log\n"
      "user %s\n%s", b->port, b->dir, b->dir, g_get_user_name (),
      b->extra ? b->extra : "");
  gchar *argv[] = { (gchar *) broker_program (), (gchar *) "-c", conf, NULL };
  GError *err = NULL;
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  BROKER_CHECK (g_file_set_contents (conf, text, -1, NULL), "cannot write %s",
      conf);
  BROKER_CHECK (g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD
          | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
          NULL, &b->pid, &err), "mosquitto: %s", err ? err->message : "");
  g_free (text);
  g_free (conf);
  while (!port_open (b->port)) {
    gint status;
    if (waitpid (b->pid, &status, WNOHANG) == b->pid) {
      g_spawn_close_pid (b->pid);
      b->pid = 0;
      return FALSE;
    }
    BROKER_CHECK (g_get_monotonic_time () < end, "mosquitto did not listen");
    g_usleep (10000);
  }
  return TRUE;
}

static inline Broker *
broker_start_with (const gchar * extra)
{
  Broker *b = g_new0 (Broker, 1);
  gint tries;

  b->dir = g_dir_make_tmp ("rvmqtt-XXXXXX", NULL);
  b->extra = g_strdup (extra);
  BROKER_CHECK (b->dir != NULL, "no temporary directory");
  for (tries = 0; tries < 5; tries++) {
    b->port = free_port ();
    if (broker_run (b))
      return b;
  }
  g_error ("broker: mosquitto would not start");
  return NULL;
}

static inline Broker *
broker_start (void)
{
  return broker_start_with (NULL);
}

/* SIGTERM: mosquitto saves its persistence file and exits */
static inline void
broker_stop (Broker * b)
{
  gint status;

  if (!b->pid)
    return;
  kill (b->pid, SIGTERM);
  BROKER_CHECK (waitpid (b->pid, &status, 0) == b->pid, "waitpid");
  g_spawn_close_pid (b->pid);
  b->pid = 0;
}

static inline void
broker_restart (Broker * b)
{
  BROKER_CHECK (broker_run (b), "mosquitto did not restart on port %d",
      b->port);
}

static inline void
remove_tree (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *n;

  if (!d)
    return;
  while ((n = g_dir_read_name (d))) {
    gchar *p = g_build_filename (dir, n, NULL);
    if (g_file_test (p, G_FILE_TEST_IS_DIR))
      remove_tree (p);
    else
      g_unlink (p);
    g_free (p);
  }
  g_dir_close (d);
  g_rmdir (dir);
}

static inline void
broker_free (Broker * b)
{
  broker_stop (b);
  remove_tree (b->dir);
  g_free (b->dir);
  g_free (b->extra);
  g_free (b);
}

#endif

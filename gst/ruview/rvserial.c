/* csisrc serial input (see rvserial.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rvserial.h"

static const struct
{
  guint baud;
  speed_t speed;
} speeds[] = {
  {9600, B9600}, {19200, B19200}, {38400, B38400}, {57600, B57600},
  {115200, B115200}, {230400, B230400}, {460800, B460800},
  {500000, B500000}, {576000, B576000}, {921600, B921600},
  {1000000, B1000000}, {1152000, B1152000}, {1500000, B1500000},
  {2000000, B2000000}, {2500000, B2500000}, {3000000, B3000000},
  {3500000, B3500000}, {4000000, B4000000},
};

static gboolean
speed_of (guint baud, speed_t * out)
{
  guint i;
  for (i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i].baud == baud) {
      *out = speeds[i].speed;
      return TRUE;
    }
  return FALSE;
}

gboolean
gst_rv_serial_baud_supported (guint baud)
{
  speed_t s;
  return speed_of (baud, &s);
}

gint
gst_rv_serial_open (const gchar * path, guint baud, gchar ** error)
{
  struct termios t;
  speed_t speed;
  gint fd;

  if (!speed_of (baud, &speed)) {
    *error = g_strdup_printf ("unsupported speed %u", baud);
    return -1;
  }
  do {
    fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    *error = g_strdup (g_strerror (errno));
    return -1;
  }
  if (tcgetattr (fd, &t) != 0) {
    *error = g_strdup_printf ("not a terminal: %s", g_strerror (errno));
    close (fd);
    return -1;
  }
  cfmakeraw (&t);
  t.c_cflag |= CLOCAL | CREAD;
  t.c_cflag &= ~(tcflag_t) (CSTOPB | CRTSCTS);
  t.c_iflag &= ~(tcflag_t) (IXON | IXOFF | IXANY);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  if (cfsetispeed (&t, speed) != 0 || cfsetospeed (&t, speed) != 0
      || tcsetattr (fd, TCSANOW, &t) != 0) {
    *error = g_strdup_printf ("cannot configure the terminal: %s",
        g_strerror (errno));
    close (fd);
    return -1;
  }
  tcflush (fd, TCIFLUSH);
  return fd;
}

GstRvSerialResult
gst_rv_serial_read (gint fd, GCancellable * cancellable, guint8 * buf,
    gsize cap, gsize * n, gchar ** error)
{
  GPollFD cfd;
  gboolean have_cfd = g_cancellable_make_pollfd (cancellable, &cfd);

  *n = 0;
  for (;;) {
    struct pollfd p[2];
    gssize r;
    gint k;

    p[0].fd = fd;
    p[0].events = POLLIN;
    p[0].revents = 0;
    p[1].fd = have_cfd ? cfd.fd : -1;
    p[1].events = POLLIN;
    p[1].revents = 0;
    k = poll (p, have_cfd ? 2 : 1, -1);
    if (k < 0 && errno == EINTR)
      continue;
    if (g_cancellable_is_cancelled (cancellable)) {
      if (have_cfd)
        g_cancellable_release_fd (cancellable);
      return GST_RV_SERIAL_CANCELLED;
    }
    if (k < 0) {
      *error = g_strdup_printf ("poll: %s", g_strerror (errno));
      break;
    }
    if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
      continue;
    r = read (fd, buf, cap);
    if (r > 0) {
      *n = (gsize) r;
      if (have_cfd)
        g_cancellable_release_fd (cancellable);
      return GST_RV_SERIAL_DATA;
    }
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
        *error = g_strdup ("hang-up");
        break;
      }
      continue;
    }
    /* 0 bytes after readiness, or EIO/ENXIO: the device is gone */
    *error = g_strdup (r == 0 ? "end of input" : g_strerror (errno));
    break;
  }
  if (have_cfd)
    g_cancellable_release_fd (cancellable);
  return GST_RV_SERIAL_GONE;
}

gboolean
gst_rv_serial_sleep (GCancellable * cancellable, gint ms)
{
  GPollFD cfd;
  gboolean cancelled;

  if (!g_cancellable_make_pollfd (cancellable, &cfd)) {
    g_usleep ((gulong) ms * 1000u);
    return g_cancellable_is_cancelled (cancellable);
  }
  g_poll (&cfd, 1, ms);
  cancelled = g_cancellable_is_cancelled (cancellable);
  g_cancellable_release_fd (cancellable);
  return cancelled;
}

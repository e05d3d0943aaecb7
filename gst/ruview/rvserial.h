/* csisrc serial input: a tty in raw mode, read with a cancellable wait.
 *
 * The device is opened non-blocking without becoming the controlling
 * terminal, set to raw 8N1 at the requested speed (no echo, no line
 * editing, no CR/LF translation, no flow control, modem lines ignored)
 * and its stale input flushed.  Reads wait in poll() on the tty and the
 * cancellable's file descriptor, so unlock() interrupts them at once. */
#ifndef __GST_RV_SERIAL_H__
#define __GST_RV_SERIAL_H__

#include <gio/gio.h>

G_BEGIN_DECLS

/* The supported speeds, for messages */
#define GST_RV_SERIAL_BAUD_RATES_TEXT \
  "9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, " \
  "921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000, " \
  "3500000, 4000000"

G_GNUC_INTERNAL gboolean gst_rv_serial_baud_supported (guint baud);

/* A configured file descriptor, or -1 with *error set (g_free it). */
G_GNUC_INTERNAL gint gst_rv_serial_open (const gchar * path, guint baud,
    gchar ** error);

typedef enum
{
  GST_RV_SERIAL_DATA,           /* *n > 0 bytes read */
  GST_RV_SERIAL_CANCELLED,
  GST_RV_SERIAL_GONE            /* hang-up or I/O error: the device went away */
} GstRvSerialResult;

/* Wait for bytes (or cancellation) and read up to cap of them. */
G_GNUC_INTERNAL GstRvSerialResult gst_rv_serial_read (gint fd,
    GCancellable * cancellable, guint8 * buf, gsize cap, gsize * n,
    gchar ** error);

/* Sleep ms milliseconds unless cancelled first (TRUE if cancelled). */
G_GNUC_INTERNAL gboolean gst_rv_serial_sleep (GCancellable * cancellable,
    gint ms);

G_END_DECLS
#endif

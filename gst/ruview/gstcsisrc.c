/* GStreamer RuView — csisrc: CSI source (UDP ADR-018, files, synthetic room)
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */
/**
 * SECTION:element-csisrc
 * @title: csisrc
 *
 * Produces WiFi CSI frames, one buffer per frame of one node
 * (`application/x-ruview-csi`, one "RVCF" record, docs/record.md), from one
 * of four sources chosen when the element starts:
 *
 * * `port` set: live UDP ingest of ESP32 ADR-018 datagrams from any number
 *   of nodes on one socket bound to `address`.  Sibling packets (vitals,
 *   features, time sync, …) are skipped; malformed datagrams are counted in
 *   `stats`, logged at WARNING and skipped — never fatal.  PTS is the
 *   running time at which the kernel received the datagram (its socket
 *   timestamp), so datagrams that waited in the socket while downstream
 *   was slow keep their true arrival times.  Datagrams the kernel drops
 *   because the socket's receive buffer (`buffer-size`) was full are
 *   counted in `stats` (`kernel-drops`) and reported by a warning message.
 * * `location` set: replay of a file whose format is recognised from its
 *   content (or named by `format`) — our binary record (.rvcsi; fused
 *   records replay as fused buffers), our JSON Lines frame format, RuView's
 *   JSONL recordings, or a capture of another CSI tool: ESP32-CSI-Tool and
 *   esp-csi CSV logs, Intel 5300 .dat, Nexmon pcap/pcapng, Atheros and
 *   FeitCSI logs (docs/capture-files.md).  Caps are announced from the
 *   content (layout and stage flags), so a recording taken anywhere in a
 *   chain replays into the next stage.  A file without one readable record
 *   is an error.
 * * `device` set: live ESP32 serial input (`baud-rate`, raw 8N1): the
 *   ESP32-CSI-Tool or esp-csi lines the board prints, recognised from the
 *   lines; PTS is the running time at arrival; with `reconnect` a device
 *   that goes away is reopened when it comes back.
 * * none: the deterministic synthetic room (`nodes` nodes at `rate` Hz each,
 *   frames interleaved node by node, counter timestamps).
 *
 * Several nodes on one pad (a multiplexed stream) are timestamped so that
 * stock elements see an ordinary stream: PTS never decreases and the frames
 * do not overlap. The synthetic room spreads one tick's frames over the
 * tick: with N nodes at `rate` Hz, frame i of the stream has PTS
 * i / (N·rate) and a DURATION of one such slot, so each node is still
 * sampled every 1/rate (its device timestamp is the tick's); a single node
 * (`node-id`) keeps its slot's PTS with the whole tick as DURATION. UDP and
 * serial frames have their arrival time and no DURATION. The first buffer is
 * DISCONT; a node's first frame is not (the stream did not lose data), a
 * sequence gap of a node is.
 *
 * Replay: the file is read once when it is opened, for an index: the
 * replay answers DURATION (TIME, and BYTES: the file size), is seekable
 * (flushing TIME seeks land on the record holding the position), posts a
 * progress message (code `replay`) every `progress-step` percent, and warns
 * at start when entries of the file cannot be read (damaged records,
 * truncated end), with their count.
 *
 * Replay timeline: the PTS is the recorded one, but a jump of more than `max-gap`
 * between consecutive records (forward or back: a damaged timestamp, files
 * joined together) is a discontinuity — the following timestamps are
 * shifted so that the stream goes on from where it was, the buffer is
 * DISCONT, the jump is counted in `stats` (`jumps`) and warned about once —
 * never a wait of days in a clocked pipeline.
 * Malformed records, lines and datagrams are counted in `stats` (by
 * reason) and skipped.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc num-buffers=400 ! fakesink
 * ]| One second of the synthetic 4-node room, as fast as possible.
 * |[
 * gst-launch-1.0 csisrc num-buffers=400 nodes=4 seed=42 ! filesink location=room.rvcsi
 * ]| Records the synthetic room as binary frame records.
 * |[
 * gst-launch-1.0 csisrc location=room.rvcsi ! filesink location=room-again.rvcsi
 * ]| Replays it: room-again.rvcsi is byte-identical to room.rvcsi, and every
 * buffer has the recorded PTS and DURATION.
 * |[
 * gst-launch-1.0 csisrc is-live=true nodes=2 num-buffers=40 ! fakesink sync=true
 * ]| The synthetic room paced by the pipeline clock.
 * |[
 * gst-launch-1.0 csisrc location=captures/nexmon/example_4339.pcap node-id=1 ! rvphasealign ! rvmultistaticfuse ! rvtomography ! rvposetrack ! rvmetaconvert detail=summary ! fakesink
 * ]| Every stage on a Nexmon capture (any capture format reads alike).
 * |[
 * gst-launch-1.0 csisrc device=ttyESP32 num-buffers=50 ! rvphasealign ! rvmultistaticfuse ! rvmetaconvert detail=summary ! fakesink
 * ]| Live CSI lines of an ESP32 on a serial device (ttyESP32 here names the
 * pseudo-terminal the tests feed; a board is typically /dev/ttyUSB0).
 *
 * Live ESP32 nodes sending to UDP port 5005 are received with
 * `csisrc port=5005` (the socket binds every interface by default).
 */
/* Locking: the object lock protects the properties and the statistics.
 * The streaming state (socket, file reader, serial device and reader,
 * synthetic counters, node table) is set up in start(), used by the
 * streaming thread only and torn down in stop().  Nothing is pushed or
 * posted with the object lock held. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gstcsisrc.h"
#include "gstruviewelements.h"
#include "rvreader.h"
#include "rvreplay.h"
#include "rvserial.h"
#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvchain.h"
#include "ruview/adr018.h"
#include "ruview/synth.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_csi_src_debug);
#define GST_CAT_DEFAULT gst_rv_csi_src_debug

#define DEFAULT_PORT        0
/* the nodes send from the LAN: receive on every interface, as udpsrc does
 * (the socket only receives; address=127.0.0.1 keeps it to this host) */
#define DEFAULT_ADDRESS     "0.0.0.0"
#define DEFAULT_LOCATION    NULL
#define DEFAULT_NODES       4
#define DEFAULT_SEED        42
#define DEFAULT_PERSONS     1
#define DEFAULT_IS_LIVE     FALSE
#define DEFAULT_IQ_ORDER    GST_RV_CSI_SRC_IQ_AUTO
#define DEFAULT_NODE_ID     -1
#define DEFAULT_MAX_GAP     (60 * GST_SECOND)
#define DEFAULT_FORMAT      GST_RV_CSI_SRC_FORMAT_AUTO
#define DEFAULT_NEXMON_CHIP GST_RV_CSI_SRC_NEXMON_CHIP_AUTO
#define DEFAULT_DEVICE      NULL
#define DEFAULT_BAUD_RATE   921600
#define DEFAULT_RECONNECT   FALSE
#define DEFAULT_PROGRESS_STEP 10

/* synthetic frame rate per node, and the live latency we report */
#define DEFAULT_RATE        100
#define LIVE_LATENCY        (10 * GST_MSECOND)
/* receive buffer requested for the UDP socket (the kernel may cap it) */
#define DEFAULT_BUFFER_SIZE (4 * 1024 * 1024)
/* kernel drops are reported by a warning message at most this often */
#define DROP_WARNING_INTERVAL_US G_USEC_PER_SEC
/* serial: bytes per read, and the wait between attempts to reopen */
#define SERIAL_READ_BYTES   4096
#define SERIAL_RETRY_MS     500

enum
{
  PROP_0,
  PROP_PORT,
  PROP_ADDRESS,
  PROP_LOCATION,
  PROP_NODES,
  PROP_SEED,
  PROP_PERSONS,
  PROP_RATE,
  PROP_IS_LIVE,
  PROP_IQ_ORDER,
  PROP_NODE_ID,
  PROP_BUFFER_SIZE,
  PROP_FORMAT,
  PROP_NEXMON_CHIP,
  PROP_DEVICE,
  PROP_BAUD_RATE,
  PROP_RECONNECT,
  PROP_BOUND_PORT,
  PROP_MAX_GAP,
  PROP_PROGRESS_STEP,
  PROP_STATS
};

typedef enum
{
  MODE_SYNTHETIC,
  MODE_UDP,
  MODE_FILE,
  MODE_SERIAL
} CsiSrcMode;

typedef struct
{
  guint64 received;             /* datagrams / records / lines read */
  guint64 frames;               /* buffers produced */
  guint64 malformed;            /* total of the malformed kinds below */
  guint64 non_csi;              /* sibling datagrams, non-CSI lines */
  guint64 shorter;              /* < 20 bytes */
  guint64 bad_magic;
  guint64 bad_antennas;
  guint64 bad_subcarriers;
  guint64 truncated;
  guint64 oversized;
  guint64 bad_records;          /* file records/lines that did not decode */
  GHashTable *reasons;          /* their reason (static string) → guint64 * */
  guint64 filtered;             /* frames of other nodes (node-id) */
  guint64 gaps;                 /* sequence gaps (DISCONT) */
  guint64 jumps;                /* replay timestamp jumps (DISCONT) */
  guint64 kernel_drops;         /* datagrams the kernel dropped (SO_RXQ_OVFL) */
  guint nodes;
} CsiSrcStats;

typedef struct
{
  guint32 node_id;
  guint32 last_seq;
  guint64 frames;
  guint64 gaps;
  gboolean resync;              /* after a seek: the next frame is no gap */
} NodeState;

struct _GstRvCsiSrc
{
  GstPushSrc parent;

  /* properties (object lock) */
  gint port;
  gchar *address;
  gchar *location;
  guint nodes;
  guint seed;
  guint persons;
  guint rate;
  gboolean is_live;
  GstRvCsiSrcIqOrder iq_order;
  gint64 node_id;
  gint buffer_size;
  GstRvCsiSrcFormat format;
  GstRvCsiSrcNexmonChip nexmon_chip;
  gchar *device;
  guint baud_rate;
  gboolean reconnect;
  gint bound_port;
  GstClockTime max_gap;
  guint progress_step;
  CsiSrcStats stats;
  GstCaps *caps;                /* caps of the content, NULL before start */

  /* streaming state */
  CsiSrcMode mode;
  RvIqOrder order;
  gint64 only_node;             /* node-id latched at start, -1 = all */
  RvSynth synth;
  guint synth_rate;             /* rate latched at start */
  guint64 index;                /* synthetic: buffers produced */
  GstBufferPool *pool;          /* synthetic: fixed-size record buffers */
  GSocket *socket;
  GCancellable *cancellable;
  guint8 *rbuf;
  guint32 rxq_ovfl;             /* the socket's drop counter last seen */
  guint64 drops_unreported;     /* drops not yet in a warning message */
  gint64 last_drop_warning;     /* monotonic µs, 0 = never */
  FILE *fp;
  const GstRvReaderFormat *reader;
  gpointer reader_state;
  gchar *source_name;           /* file or device latched at start */
  gint fd;                      /* serial device, -1 when closed */
  guint serial_baud;
  gboolean serial_reconnect;
  gboolean serial_discont;      /* the next frame follows a reopen */
  const gchar *last_reason;     /* of the last malformed entry (static) */
  GstRvCaptureReader *serial;
  GstBuffer *pending;
  gboolean pending_fused;
  gboolean first_fused;
  /* replay timeline: the shift applied to recorded PTS and where the last
   * buffer ended (streaming thread) */
  GstRvTimeline timeline;
  gboolean warned_jump;
  /* replay index (built in start, read by queries: object lock for
   * duration and indexed), seeking and progress (streaming thread) */
  GstRvReplayIndex replay;
  gboolean indexed;
  GstClockTime duration;        /* of the replay, NONE when unknown */
  gint64 file_size;
  guint64 reads;                /* reader next() calls since the start */
  guint64 reads_at_start;       /* once the first frame was read */
  GstClockTime seek_target;     /* buffers ending before it are dropped */
  guint latched_progress_step;
  gint progress_posted;         /* last percent posted, -1 none */
  guint32 key;                  /* content_key of the announced caps */
  GHashTable *node_table;       /* node id → NodeState (object lock) */
};

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_CSI_CAPS_ANY "; " GST_RV_FUSED_CAPS_ANY));

#define gst_rv_csi_src_parent_class parent_class
G_DEFINE_TYPE (GstRvCsiSrc, gst_rv_csi_src, GST_TYPE_PUSH_SRC);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (csisrc, "csisrc", GST_RANK_NONE,
    GST_TYPE_RV_CSI_SRC,
    GST_DEBUG_CATEGORY_INIT (gst_rv_csi_src_debug, "csisrc", 0,
        "RuView CSI source");
    gst_rv_element_init (plugin));

static void gst_rv_csi_src_finalize (GObject * object);
static void gst_rv_csi_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_csi_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstCaps *gst_rv_csi_src_get_caps (GstBaseSrc * src, GstCaps * filter);
static gboolean gst_rv_csi_src_query (GstBaseSrc * src, GstQuery * query);
static gboolean gst_rv_csi_src_start (GstBaseSrc * src);
static gboolean gst_rv_csi_src_stop (GstBaseSrc * src);
static gboolean gst_rv_csi_src_unlock (GstBaseSrc * src);
static gboolean gst_rv_csi_src_unlock_stop (GstBaseSrc * src);
static gboolean gst_rv_csi_src_is_seekable (GstBaseSrc * src);
static gboolean gst_rv_csi_src_negotiate (GstBaseSrc * src);
static gboolean gst_rv_csi_src_do_seek (GstBaseSrc * src,
    GstSegment * segment);
static void gst_rv_csi_src_get_times (GstBaseSrc * src, GstBuffer * buffer,
    GstClockTime * start, GstClockTime * end);
static GstFlowReturn gst_rv_csi_src_create (GstPushSrc * src,
    GstBuffer ** buf);

static void
gst_rv_csi_src_class_init (GstRvCsiSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *basesrc_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *pushsrc_class = GST_PUSH_SRC_CLASS (klass);

  gobject_class->finalize = gst_rv_csi_src_finalize;
  gobject_class->set_property = gst_rv_csi_src_set_property;
  gobject_class->get_property = gst_rv_csi_src_get_property;

  /**
   * GstRvCsiSrc:port:
   *
   * UDP port to receive ESP32 ADR-018 datagrams on; 0 = no UDP.  Setting
   * it makes the source live.
   */
  g_object_class_install_property (gobject_class, PROP_PORT,
      g_param_spec_int ("port", "Port",
          "UDP port to receive ADR-018 CSI datagrams on (0 = no UDP ingest)",
          0, 65535, DEFAULT_PORT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:address:
   *
   * Numeric IPv4 or IPv6 address the UDP socket binds to.  The default,
   * 0.0.0.0, receives on every IPv4 interface, so ESP32 nodes on the LAN
   * reach it (as `udpsrc` does); 127.0.0.1 accepts datagrams from this
   * host only, `::` every IPv6 (and, where the system maps them, IPv4)
   * interface.  The socket only receives: nothing is ever sent back.
   */
  g_object_class_install_property (gobject_class, PROP_ADDRESS,
      g_param_spec_string ("address", "Address",
          "Numeric IP address to bind the UDP socket to (0.0.0.0 = every "
          "IPv4 interface, so nodes on the LAN are received; 127.0.0.1 = "
          "this host only)",
          DEFAULT_ADDRESS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:location:
   *
   * File to replay: our .rvcsi records or JSON Lines frames, a RuView JSONL
   * recording, or a capture of another CSI tool (ESP32-CSI-Tool, esp-csi,
   * Intel 5300, Nexmon, Atheros, FeitCSI), recognised from the content
   * unless `format` names one.
   */
  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "File to replay: .rvcsi records, JSON Lines frames, RuView JSONL, "
          "or an ESP32-CSI-Tool, esp-csi, Intel 5300, Nexmon, Atheros or "
          "FeitCSI capture (recognised from the content unless format is "
          "set)", DEFAULT_LOCATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:format:
   *
   * Read `location` (or `device`) as this format instead of recognising it
   * from the content.  A device takes only the ESP32 text formats.
   */
  g_object_class_install_property (gobject_class, PROP_FORMAT,
      g_param_spec_enum ("format", "Format",
          "Format of the file or device (auto = recognised from the content)",
          GST_TYPE_RV_CSI_SRC_FORMAT, DEFAULT_FORMAT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:nexmon-chip:
   *
   * Word format of Nexmon captures: by default from each packet's chip id
   * (0x0001 bcm4339, 0x0065 bcm43455c0, 0xdead bcm4358, 0x006a
   * bcm4366c0); firmware builds report other ids, so it can be forced.
   */
  g_object_class_install_property (gobject_class, PROP_NEXMON_CHIP,
      g_param_spec_enum ("nexmon-chip", "Nexmon Chip",
          "Broadcom chip whose CSI word format Nexmon captures use (auto = "
          "from each packet's chip id)", GST_TYPE_RV_CSI_SRC_NEXMON_CHIP,
          DEFAULT_NEXMON_CHIP,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:device:
   *
   * Serial device of an ESP32 printing CSI lines (ESP32-CSI-Tool or
   * esp-csi firmware), e.g. /dev/ttyUSB0.  Setting it makes the source
   * live.
   */
  g_object_class_install_property (gobject_class, PROP_DEVICE,
      g_param_spec_string ("device", "Device",
          "Serial device of an ESP32 printing CSI lines (e.g. /dev/ttyUSB0; "
          "none = no serial input)", DEFAULT_DEVICE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:baud-rate:
   *
   * Speed of the serial device in bit/s (8N1, no flow control).  The
   * ESP32 CSI firmwares print at 921600.
   */
  g_object_class_install_property (gobject_class, PROP_BAUD_RATE,
      g_param_spec_uint ("baud-rate", "Baud Rate",
          "Speed of the serial device, bit/s (one of "
          GST_RV_SERIAL_BAUD_RATES_TEXT ")", 9600, 4000000,
          DEFAULT_BAUD_RATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:reconnect:
   *
   * When the serial device goes away (unplugged, reset), post a warning
   * and reopen it every 500 ms until it is back, instead of failing.
   */
  g_object_class_install_property (gobject_class, PROP_RECONNECT,
      g_param_spec_boolean ("reconnect", "Reconnect",
          "Reopen the serial device when it goes away (every 500 ms) instead "
          "of posting an error", DEFAULT_RECONNECT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:nodes:
   *
   * Number of nodes of the synthetic room.
   */
  g_object_class_install_property (gobject_class, PROP_NODES,
      g_param_spec_uint ("nodes", "Nodes",
          "Number of nodes of the synthetic room (each at `rate` frames/s)",
          1, RV_SYNTH_MAX_NODES, DEFAULT_NODES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:seed:
   *
   * Seed of the synthetic room (node radio offsets and noise).
   */
  g_object_class_install_property (gobject_class, PROP_SEED,
      g_param_spec_uint ("seed", "Seed",
          "Seed of the synthetic room's noise and radio offsets",
          0, G_MAXUINT32, DEFAULT_SEED,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:persons:
   *
   * Persons walking in the synthetic room: 1 (the walking, breathing
   * person) or 0 (an empty room: the same walls, radios and noise without
   * the person).
   */
  g_object_class_install_property (gobject_class, PROP_PERSONS,
      g_param_spec_uint ("persons", "Persons",
          "Persons walking in the synthetic room (0 = an empty room)",
          0, 1, DEFAULT_PERSONS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:rate:
   *
   * Frames per second of each synthetic node. The ESP32 firmware paces a
   * real node to at most 20 frames per second; the default 100 is the
   * stress case.
   */
  g_object_class_install_property (gobject_class, PROP_RATE,
      g_param_spec_uint ("rate", "Rate",
          "Frames per second of each node of the synthetic room",
          1, 1000, DEFAULT_RATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:is-live:
   *
   * Pace the synthetic generator or a file replay by the pipeline clock
   * (UDP ingest is always live).
   */
  g_object_class_install_property (gobject_class, PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is Live",
          "Pace synthetic frames or a file replay by the clock (UDP is "
          "always live)", DEFAULT_IS_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:iq-order:
   *
   * Byte order of the int8 I/Q pairs of ESP32 payloads.  auto: RuView's
   * (real, imaginary) for UDP datagrams and RuView JSONL recordings, as the
   * RuView sensing server reads them; ESP-IDF's documented (imaginary, real)
   * for the ESP32 text logs of files and serial devices.
   */
  g_object_class_install_property (gobject_class, PROP_IQ_ORDER,
      g_param_spec_enum ("iq-order", "I/Q Order",
          "Byte order inside each int8 pair of ESP32 CSI payloads (auto = "
          "i-first for UDP and RuView JSONL, q-first for ESP32 text logs)",
          GST_TYPE_RV_CSI_SRC_IQ_ORDER, DEFAULT_IQ_ORDER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:node-id:
   *
   * Produce only the frames of this node (-1 = every node).  The synthetic
   * room then renders only node `node-id` (1..`nodes`) of the same room;
   * UDP and file frames of other nodes are dropped and counted in
   * `stats` as `filtered`.  One source per node feeds one branch each.
   * Captures of other tools and serial devices carry no node id: their
   * frames get this one (0 when -1).
   */
  g_object_class_install_property (gobject_class, PROP_NODE_ID,
      g_param_spec_int64 ("node-id", "Node ID",
          "Produce only the frames of this node (-1 = every node)",
          -1, G_MAXUINT32, DEFAULT_NODE_ID,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:buffer-size:
   *
   * Receive buffer of the UDP socket in bytes (`SO_RCVBUF`; the kernel
   * doubles the value for its bookkeeping and caps it at
   * `net.core.rmem_max`).  Datagrams that arrive while it is full are
   * dropped by the kernel and counted in `kernel-drops`.  0 keeps the
   * system default.
   */
  g_object_class_install_property (gobject_class, PROP_BUFFER_SIZE,
      g_param_spec_int ("buffer-size", "Buffer size",
          "UDP socket receive buffer in bytes (SO_RCVBUF; the kernel caps it "
          "at net.core.rmem_max); datagrams arriving while it is full are "
          "lost and counted as kernel-drops; 0 = system default",
          0, G_MAXINT, DEFAULT_BUFFER_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:bound-port:
   *
   * The UDP port the socket is bound to while running (0 otherwise).
   */
  g_object_class_install_property (gobject_class, PROP_BOUND_PORT,
      g_param_spec_int ("bound-port", "Bound Port",
          "UDP port the socket is bound to while running (0 when not bound)",
          0, 65535, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * GstRvCsiSrc:max-gap:
   *
   * File replay: the largest jump of the recorded timestamps between two
   * consecutive records taken as it is. A larger one (forward or back) is a
   * discontinuity: later timestamps are shifted so that the stream goes on
   * where it was, the buffer is DISCONT and `stats` counts it in `jumps`.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_GAP,
      g_param_spec_uint64 ("max-gap", "Maximum gap",
          "File replay: largest jump of the recorded timestamps kept as it "
          "is; a larger one is shifted away as a discontinuity (in "
          "nanoseconds)", GST_MSECOND, G_MAXUINT64 / 4, DEFAULT_MAX_GAP,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:progress-step:
   *
   * File replay: post a progress message (GST_MESSAGE_PROGRESS, code
   * `replay`, which gst-launch prints) every time the replay gets this
   * many percent of its duration further, and when it ends; 0 = none.
   */
  g_object_class_install_property (gobject_class, PROP_PROGRESS_STEP,
      g_param_spec_uint ("progress-step", "Progress step",
          "File replay: post a progress message every this many percent of "
          "the recording's duration (0 = none)", 0, 100,
          DEFAULT_PROGRESS_STEP,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCsiSrc:stats:
   *
   * Counters since start, a `csisrc-stats` structure of guint64 fields
   * `received` (datagrams, records or lines read), `frames` (buffers
   * produced), `malformed` (the sum of `short`, `bad-magic`,
   * `bad-antennas`, `bad-subcarriers`, `truncated`, `oversized` and
   * `bad-records`), `non-csi` (sibling datagrams, non-CSI lines),
   * `filtered` (frames of nodes other than `node-id`), `gaps`
   * (sequence gaps), `jumps` (replay timestamp jumps over `max-gap`),
   * `kernel-drops` (UDP datagrams the kernel dropped because the receive
   * buffer was full) and the guint `nodes` (distinct nodes seen), plus one
   * field `node-<id>` per node: a `node` structure with guint64 `frames`,
   * guint64 `gaps` and guint `last-sequence`, and `bad-record-reasons`, a
   * `reasons` structure counting `bad-records` by reason (one guint64
   * field per reason seen, named after it: `wrong-value-count`, …).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters since start: received, frames, malformed by kind, "
          "bad records by reason, non-csi, gaps, jumps, kernel-drops, nodes, "
          "and per node frames/gaps/last-sequence",
          GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView CSI source", "Source/Network/Sensor",
      "WiFi CSI frames from ESP32 nodes over UDP (ADR-018) or a serial "
      "port, recordings, captures of other CSI tools, or a synthetic room",
      "gst-ruview developers");

  basesrc_class->get_caps = GST_DEBUG_FUNCPTR (gst_rv_csi_src_get_caps);
  basesrc_class->query = GST_DEBUG_FUNCPTR (gst_rv_csi_src_query);
  basesrc_class->start = GST_DEBUG_FUNCPTR (gst_rv_csi_src_start);
  basesrc_class->stop = GST_DEBUG_FUNCPTR (gst_rv_csi_src_stop);
  basesrc_class->unlock = GST_DEBUG_FUNCPTR (gst_rv_csi_src_unlock);
  basesrc_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_rv_csi_src_unlock_stop);
  basesrc_class->is_seekable = GST_DEBUG_FUNCPTR (gst_rv_csi_src_is_seekable);
  basesrc_class->do_seek = GST_DEBUG_FUNCPTR (gst_rv_csi_src_do_seek);
  basesrc_class->get_times = GST_DEBUG_FUNCPTR (gst_rv_csi_src_get_times);
  basesrc_class->negotiate = GST_DEBUG_FUNCPTR (gst_rv_csi_src_negotiate);
  pushsrc_class->create = GST_DEBUG_FUNCPTR (gst_rv_csi_src_create);

  gst_type_mark_as_plugin_api (GST_TYPE_RV_CSI_SRC_IQ_ORDER, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_RV_CSI_SRC_FORMAT, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_RV_CSI_SRC_NEXMON_CHIP, 0);
}

static void
gst_rv_csi_src_init (GstRvCsiSrc * self)
{
  self->port = DEFAULT_PORT;
  self->address = g_strdup (DEFAULT_ADDRESS);
  self->location = g_strdup (DEFAULT_LOCATION);
  self->nodes = DEFAULT_NODES;
  self->seed = DEFAULT_SEED;
  self->persons = DEFAULT_PERSONS;
  self->rate = DEFAULT_RATE;
  self->is_live = DEFAULT_IS_LIVE;
  self->iq_order = DEFAULT_IQ_ORDER;
  self->node_id = DEFAULT_NODE_ID;
  self->buffer_size = DEFAULT_BUFFER_SIZE;
  self->max_gap = DEFAULT_MAX_GAP;
  self->format = DEFAULT_FORMAT;
  self->nexmon_chip = DEFAULT_NEXMON_CHIP;
  self->device = g_strdup (DEFAULT_DEVICE);
  self->baud_rate = DEFAULT_BAUD_RATE;
  self->reconnect = DEFAULT_RECONNECT;
  self->progress_step = DEFAULT_PROGRESS_STEP;
  self->duration = GST_CLOCK_TIME_NONE;
  self->fd = -1;
  self->stats.reasons = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->cancellable = g_cancellable_new ();
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
  gst_base_src_set_live (GST_BASE_SRC (self), DEFAULT_IS_LIVE);
}

static void
gst_rv_csi_src_finalize (GObject * object)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (object);

  g_free (self->address);
  g_free (self->location);
  g_free (self->device);
  g_hash_table_destroy (self->stats.reasons);
  g_clear_object (&self->cancellable);
  gst_clear_caps (&self->caps);
  g_clear_pointer (&self->node_table, g_hash_table_destroy);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

/* ------------------------------------------------------------------ caps */

/* What the caps say about a buffer, packed so the streaming thread
 * compares a word per buffer and builds caps only when it changes:
 * bit 31 fused, 30 canonical, 29 calibrated, 28 phase-aligned, low bits
 * the fused framerate. */
#define KEY_FUSED      (1u << 31)
#define KEY_CANONICAL  (1u << 30)
#define KEY_CALIBRATED (1u << 29)
#define KEY_ALIGNED    (1u << 28)
#define KEY_FPS_MASK   0x0fffffffu

/* FALSE if the buffer is not a valid record; node and sequence are set
 * for csi buffers */
static gboolean
content_key (GstBuffer * buf, gboolean fused, guint32 * key, guint32 * node,
    guint32 * seq)
{
  GstMapInfo map;

  if (fused) {
    RvFusedRecord f;
    guint32 fps = 20;
    if (!gst_rv_fused_buffer_map (buf, &map, GST_MAP_READ, &f))
      return FALSE;
    if (f.duration_ns != RV_RECORD_NONE_NS && f.duration_ns > 0
        && GST_SECOND % f.duration_ns == 0
        && GST_SECOND / f.duration_ns <= 1000000)
      fps = (guint32) (GST_SECOND / f.duration_ns);
    *key = KEY_FUSED | fps
        | ((f.flags & RV_FUSED_FLAG_CALIBRATED) ? KEY_CALIBRATED : 0);
    gst_rv_fused_buffer_unmap (buf, &map, NULL);
  } else {
    RvCsiFrame f;
    if (!gst_rv_csi_buffer_map (buf, &map, GST_MAP_READ, &f))
      return FALSE;
    *key = (f.layout == RV_LAYOUT_CANONICAL ? KEY_CANONICAL : 0)
        | ((f.flags & RV_CSI_FLAG_CALIBRATED) ? KEY_CALIBRATED : 0)
        | ((f.flags & RV_CSI_FLAG_PHASE_ALIGNED) ? KEY_ALIGNED : 0);
    *node = f.node_id;
    *seq = f.sequence;
    gst_rv_csi_buffer_unmap (buf, &map, NULL);
  }
  return TRUE;
}

static GstCaps *
caps_for_key (guint32 key)
{
  if (key & KEY_FUSED)
    return gst_rv_fused_caps_new ((gint) (key & KEY_FPS_MASK), 1,
        (key & KEY_CALIBRATED) != 0);
  return gst_rv_csi_caps_new ((key & KEY_CANONICAL) ?
      GST_RV_LAYOUT_CANONICAL : GST_RV_LAYOUT_COMPLEX,
      (key & KEY_CALIBRATED) != 0, (key & KEY_ALIGNED) != 0);
}

/* The content fixes the caps: if the next element refuses them, say so
 * plainly instead of only "not-negotiated". */
static gboolean
gst_rv_csi_src_negotiate (GstBaseSrc * src)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
  GstCaps *caps;

  if (GST_BASE_SRC_CLASS (parent_class)->negotiate (src))
    return TRUE;
  GST_OBJECT_LOCK (self);
  caps = self->caps ? gst_caps_ref (self->caps) : NULL;
  GST_OBJECT_UNLOCK (self);
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
      (_("The next element does not accept the frames of this source.")),
      ("csisrc produces %" GST_PTR_FORMAT "; check the order of the chain "
          "(for instance a calibrated recording into rvcalibrate)", caps));
  gst_clear_caps (&caps);
  return FALSE;
}

static GstCaps *
gst_rv_csi_src_get_caps (GstBaseSrc * src, GstCaps * filter)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
  GstCaps *caps;

  GST_OBJECT_LOCK (self);
  caps = self->caps ? gst_caps_ref (self->caps) : NULL;
  GST_OBJECT_UNLOCK (self);
  if (!caps)
    caps = gst_pad_get_pad_template_caps (GST_BASE_SRC_PAD (src));
  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, caps,
        GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (caps);
    caps = tmp;
  }
  return caps;
}

static gboolean
gst_rv_csi_src_query (GstBaseSrc * src, GstQuery * query)
{
  if (GST_QUERY_TYPE (query) == GST_QUERY_DURATION) {
    /* a file replay: the index's duration, or the file's size */
    GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
    GstFormat format;
    gint64 v = -1;
    gst_query_parse_duration (query, &format, NULL);
    GST_OBJECT_LOCK (self);
    if (format == GST_FORMAT_TIME && self->indexed)
      v = (gint64) self->duration;
    else if (format == GST_FORMAT_BYTES && self->mode == MODE_FILE)
      v = self->file_size;
    GST_OBJECT_UNLOCK (self);
    if (v >= 0) {
      gst_query_set_duration (query, format, v);
      return TRUE;
    }
  }
  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY) {
    if (gst_base_src_is_live (src)) {
      /* synthetic: one frame period; UDP: an allowance for the receive
       * thread between arrival (the PTS) and the push */
      GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
      GstClockTime lat;
      GST_OBJECT_LOCK (self);
      lat = self->port == 0 && !self->location && !self->device ?
          gst_util_uint64_scale_int (GST_SECOND, 1, (gint) self->rate) :
          LIVE_LATENCY;
      GST_OBJECT_UNLOCK (self);
      gst_query_set_latency (query, TRUE, lat, GST_CLOCK_TIME_NONE);
      GST_DEBUG_OBJECT (src, "live, latency %" GST_TIME_FORMAT,
          GST_TIME_ARGS (lat));
      return TRUE;
    }
  }
  if (gst_rv_query_is_source (query)) {
    GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
    const gchar *source;
    GST_OBJECT_LOCK (self);
    /* live nodes over UDP or a serial line, a capture file, the room */
    source = self->port != 0 || (self->device && *self->device) ?
        GST_RV_SOURCE_ESP32 : self->location ? GST_RV_SOURCE_REPLAY :
        GST_RV_SOURCE_SIMULATED;
    GST_OBJECT_UNLOCK (self);
    gst_rv_query_set_source (query, source);
    return TRUE;
  }
  return GST_BASE_SRC_CLASS (parent_class)->query (src, query);
}

/* ------------------------------------------------------------ start/stop */

static gboolean
start_udp (GstRvCsiSrc * self, const gchar * address, gint port,
    gint buffer_size)
{
  GInetAddress *ia;
  GSocketAddress *sa = NULL, *local;
  GError *err = NULL;
  gint got = 0;

  ia = g_inet_address_new_from_string (address);
  if (!ia) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("\"%s\" is not a numeric IP address."), address),
        ("address=%s", address));
    return FALSE;
  }
  self->socket = g_socket_new (g_inet_address_get_family (ia),
      G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &err);
  if (!self->socket)
    goto socket_error;
  if (buffer_size > 0 && !g_socket_set_option (self->socket, SOL_SOCKET,
          SO_RCVBUF, buffer_size, NULL))
    GST_WARNING_OBJECT (self, "could not set the socket receive buffer");
  if (g_socket_get_option (self->socket, SOL_SOCKET, SO_RCVBUF, &got, NULL))
    GST_INFO_OBJECT (self, "receive buffer %d bytes (asked %d)", got,
        buffer_size);
  /* the kernel's drop counter and arrival time come with every datagram */
  if (!g_socket_set_option (self->socket, SOL_SOCKET, SO_RXQ_OVFL, 1, NULL))
    GST_WARNING_OBJECT (self, "the kernel does not report dropped datagrams");
  if (!g_socket_set_option (self->socket, SOL_SOCKET, SO_TIMESTAMPNS, 1,
          NULL))
    GST_WARNING_OBJECT (self, "the kernel gives no arrival times; datagrams "
        "are timestamped when read");
  sa = g_inet_socket_address_new (ia, (guint16) port);
  if (!g_socket_bind (self->socket, sa, FALSE, &err))
    goto socket_error;
  local = g_socket_get_local_address (self->socket, NULL);
  GST_OBJECT_LOCK (self);
  self->bound_port = local ?
      g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)) : port;
  GST_OBJECT_UNLOCK (self);
  g_clear_object (&local);
  g_object_unref (sa);
  g_object_unref (ia);
  self->rbuf = g_malloc (RV_ADR018_MAX_DATAGRAM + 1);
  self->rxq_ovfl = 0;
  self->drops_unreported = 0;
  self->last_drop_warning = 0;
  GST_INFO_OBJECT (self, "receiving on %s:%d", address, port);
  return TRUE;

socket_error:
  GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
      (_("Could not receive on UDP port %d of %s."), port, address),
      ("%s", err ? err->message : "unknown error"));
  g_clear_error (&err);
  g_clear_object (&sa);
  g_clear_object (&self->socket);
  g_object_unref (ia);
  return FALSE;
}

/* Read until the first frame (so the caps are known before negotiation). */
static GstFlowReturn read_wanted_frame (GstRvCsiSrc * self, GstBuffer ** buf,
    gboolean * fused, guint32 * key, guint32 * node, guint32 * seq);

static void index_file (GstRvCsiSrc * self, const gchar * location,
    const GstRvReaderOptions * opts);

/* Reader options from the latched properties */
static void
reader_options (GstRvCsiSrc * self, GstRvReaderOptions * opts)
{
  GST_OBJECT_LOCK (self);
  opts->iq_order = self->iq_order == GST_RV_CSI_SRC_IQ_Q_FIRST ?
      RV_IQ_Q_FIRST : RV_IQ_I_FIRST;
  opts->capture.esp32_order = self->iq_order == GST_RV_CSI_SRC_IQ_I_FIRST ?
      RV_IQ_I_FIRST : RV_IQ_Q_FIRST;
  opts->capture.nexmon_chip = (RvNexmonChip) self->nexmon_chip;
  opts->node_id = self->node_id;
  GST_OBJECT_UNLOCK (self);
}

/* The nick of the format property (the reader's name), NULL for auto */
static const gchar *
format_name (GstRvCsiSrcFormat format)
{
  GEnumClass *k;
  GEnumValue *v;
  const gchar *nick;

  if (format == GST_RV_CSI_SRC_FORMAT_AUTO)
    return NULL;
  k = g_type_class_ref (GST_TYPE_RV_CSI_SRC_FORMAT);
  v = g_enum_get_value (k, format);
  nick = v ? v->value_nick : NULL;
  g_type_class_unref (k);
  return nick;
}

static gboolean
start_file (GstRvCsiSrc * self, const gchar * location,
    GstRvCsiSrcFormat format)
{
  guint8 head[GST_RV_READER_PROBE_SIZE];
  gsize n;
  GstRvReaderOptions opts;
  GstFlowReturn ret;
  const gchar *forced = format_name (format);

  self->fp = fopen (location, "rb");
  if (!self->fp) {
    int e = errno;
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        (_("Could not open file \"%s\" for reading."), location),
        ("fopen: %s", g_strerror (e)));
    return FALSE;
  }
  n = fread (head, 1, sizeof (head), self->fp);
  if (ferror (self->fp) || fseek (self->fp, 0, SEEK_SET) != 0) {
    int e = errno;
    GST_ELEMENT_ERROR (self, RESOURCE, READ,
        (_("Could not read file \"%s\"."), location),
        ("%s", g_strerror (e)));
    return FALSE;
  }
  self->reader = forced ? gst_rv_reader_find_by_name (forced)
      : gst_rv_reader_find (head, n);
  if (!self->reader) {
    GST_ELEMENT_ERROR (self, STREAM, WRONG_TYPE,
        (_("File \"%s\" is not a CSI recording or capture this element can "
                "read. It reads %s."), location, GST_RV_READER_FORMATS_TEXT),
        ("no reader recognised the first %" G_GSIZE_FORMAT " bytes", n));
    return FALSE;
  }
  reader_options (self, &opts);
  self->reader_state = self->reader->open (self->fp, &opts);
  if (!self->reader_state) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ, (NULL),
        ("cannot set up the %s reader", self->reader->name));
    return FALSE;
  }
  GST_INFO_OBJECT (self, "replaying %s as %s%s", location, self->reader->name,
      forced ? " (forced)" : "");
  index_file (self, location, &opts);
  {
    guint32 node, seq;
    ret = read_wanted_frame (self, &self->pending, &self->pending_fused,
        &self->key, &node, &seq);
    self->reads_at_start = self->reads;
  }
  if (ret != GST_FLOW_OK && ret != GST_FLOW_EOS)
    return FALSE;
  if (self->pending) {
    GstCaps *caps = caps_for_key (self->key);
    GST_OBJECT_LOCK (self);
    gst_caps_replace (&self->caps, caps);
    GST_OBJECT_UNLOCK (self);
    gst_clear_caps (&caps);
  }
  return TRUE;
}

/* ------------------------------------------------------- replay index */

/* Reads the file once with a reader of its own (start): the duration and
 * the resume points of seeks, and a warning when entries are damaged. */
static void
index_file (GstRvCsiSrc * self, const gchar * location,
    const GstRvReaderOptions * opts)
{
  gchar *error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok;
  GStatBuf st;

  ok = gst_rv_replay_index_build (&self->replay, location, self->reader,
      opts, self->only_node, self->timeline.max_gap, &error);
  GST_INFO_OBJECT (self, "index of %s: %" G_GUINT64_FORMAT " buffers, %u "
      "resume points, %" G_GUINT64_FORMAT " damaged entries, duration %"
      GST_TIME_FORMAT " (%" G_GINT64_FORMAT " us)%s%s", location,
      self->replay.buffers, self->replay.points->len, self->replay.lost,
      GST_TIME_ARGS (self->replay.duration), g_get_monotonic_time () - t0,
      ok ? "" : ": ", ok ? "" : error);
  g_free (error);
  GST_OBJECT_LOCK (self);
  self->indexed = ok && self->replay.points->len > 0;
  self->duration = self->indexed ? self->replay.duration : GST_CLOCK_TIME_NONE;
  self->file_size = g_stat (location, &st) == 0 ? (gint64) st.st_size : -1;
  GST_BASE_SRC (self)->segment.duration = self->duration;
  GST_OBJECT_UNLOCK (self);
  if (self->replay.lost > 0)
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        (_("The recording \"%s\" is damaged: %" G_GUINT64_FORMAT " of its "
                "entries cannot be read and are skipped (%s)."), location,
            self->replay.lost, self->replay.last_reason ?
            self->replay.last_reason : _("unknown reason")),
        ("read as %s; %" G_GUINT64_FORMAT " buffers remain; the stats "
            "property counts the entries by reason", self->reader->name,
            self->replay.buffers));
}

/* Streaming thread (do_seek): the reader back at the resume point p */
static gboolean
resume_at (GstRvCsiSrc * self, const GstRvReplayPoint * p)
{
  GstRvReaderOptions opts;
  guint64 i;

  if (p->token >= 0 && self->reader->seek) {
    if (!self->reader->seek (self->reader_state, p->token))
      return FALSE;
  } else {
    /* no position to go back to: read again from the start */
    self->reader->close (self->reader_state);
    self->reader_state = NULL;
    if (fseek (self->fp, 0, SEEK_SET) != 0)
      return FALSE;
    clearerr (self->fp);
    reader_options (self, &opts);
    self->reader_state = self->reader->open (self->fp, &opts);
    if (!self->reader_state)
      return FALSE;
    for (i = 0; i < p->reads; i++) {
      GstBuffer *b = NULL;
      gboolean fused;
      const gchar *reason;
      if (self->reader->next (self->reader_state, &b, &fused, &reason) ==
          GST_RV_READ_ERROR)
        return FALSE;
      gst_clear_buffer (&b);
    }
  }
  self->reads = p->reads;
  self->timeline = p->timeline;
  return TRUE;
}

/* A seek of a file replay: back to the resume point before the segment's
 * start; the buffers that end before it are dropped, so the first one out
 * is the one holding the start. */
static gboolean
gst_rv_csi_src_do_seek (GstBaseSrc * src, GstSegment * segment)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
  const GstRvReplayPoint *p;
  GHashTableIter it;
  gpointer ns;

  if (self->mode != MODE_FILE || !self->indexed)
    return GST_BASE_SRC_CLASS (parent_class)->do_seek (src, segment);
  if (segment->format != GST_FORMAT_TIME || segment->rate < 0.0) {
    GST_WARNING_OBJECT (self, "only forward TIME seeks: %" GST_SEGMENT_FORMAT,
        segment);
    return FALSE;
  }
  segment->time = segment->start;
  /* the start of the stream: nothing to move (the first frame is read) */
  if (self->reads_at_start == self->reads && self->pending
      && segment->start == 0)
    return TRUE;
  p = gst_rv_replay_index_find (&self->replay, segment->start);
  GST_DEBUG_OBJECT (self, "seek to %" GST_TIME_FORMAT ": resume at %"
      GST_TIME_FORMAT " (read %" G_GUINT64_FORMAT ")",
      GST_TIME_ARGS (segment->start), GST_TIME_ARGS (p->pts), p->reads);
  gst_clear_buffer (&self->pending);
  if (!resume_at (self, p)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SEEK, (NULL),
        ("cannot go back to read %" G_GUINT64_FORMAT " of %s", p->reads,
            self->source_name));
    return FALSE;
  }
  self->seek_target = segment->start;
  self->first_fused = TRUE;
  self->progress_posted = -1;
  /* the nodes' next frames are no sequence gaps */
  GST_OBJECT_LOCK (self);
  g_hash_table_iter_init (&it, self->node_table);
  while (g_hash_table_iter_next (&it, NULL, &ns))
    ((NodeState *) ns)->resync = TRUE;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

/* Streaming thread: a progress message each progress-step percent of the
 * replay's duration (code "replay"), and at its end */
static void
post_progress (GstRvCsiSrc * self, GstClockTime position, gboolean done)
{
  GstProgressType type;
  GstMessage *m;
  gchar *text;
  gint percent;

  if (self->latched_progress_step == 0 || !GST_CLOCK_TIME_IS_VALID
      (self->duration) || self->duration == 0)
    return;
  percent = done ? 100 : (gint) MIN (100, gst_util_uint64_scale (position,
          100, self->duration));
  /* 100 % is said once, by the end of the stream */
  if (!done && (percent >= 100 || (self->progress_posted >= 0
              && percent < self->progress_posted +
              (gint) self->latched_progress_step)))
    return;
  if (done && self->progress_posted == 100)
    return;
  if (!done)
    percent -= percent % (gint) self->latched_progress_step;
  type = done ? GST_PROGRESS_TYPE_COMPLETE : self->progress_posted < 0 ?
      GST_PROGRESS_TYPE_START : GST_PROGRESS_TYPE_CONTINUE;
  self->progress_posted = percent;
  text = g_strdup_printf (_("%d %% of \"%s\" (%.1f s of %.1f s)"), percent,
      self->source_name, (gdouble) MIN (position, self->duration) /
      GST_SECOND, (gdouble) self->duration / GST_SECOND);
  m = gst_message_new_progress (GST_OBJECT (self), type, "replay", text);
  gst_structure_set (gst_message_writable_structure (m), "percent", G_TYPE_INT,
      percent, NULL);
  gst_element_post_message (GST_ELEMENT (self), m);
  g_free (text);
}

/* ---------------------------------------------------------------- serial */

static void
serial_close (GstRvCsiSrc * self)
{
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
}

static gboolean
serial_open (GstRvCsiSrc * self, gchar ** error)
{
  self->fd = gst_rv_serial_open (self->source_name, self->serial_baud, error);
  return self->fd >= 0;
}

static gboolean
start_serial (GstRvCsiSrc * self, const gchar * device,
    GstRvCsiSrcFormat format)
{
  const gchar *forced = format_name (format);
  const RvCaptureFormat *fmt = NULL;
  GstRvReaderOptions opts;
  gchar *error = NULL;

  if (forced) {
    fmt = rv_capture_format_by_name (forced);
    if (!fmt || !fmt->line_based) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_("A serial device prints ESP32-CSI-Tool or esp-csi lines; "
                  "format %s cannot be read from it."), forced),
          ("device=%s format=%s", device, forced));
      return FALSE;
    }
  }
  if (!gst_rv_serial_baud_supported (self->serial_baud)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("Unsupported serial speed %u; use one of %s."), self->serial_baud,
            GST_RV_SERIAL_BAUD_RATES_TEXT), ("baud-rate=%u",
            self->serial_baud));
    return FALSE;
  }
  if (!serial_open (self, &error)) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        (_("Could not open serial device \"%s\"."), device), ("%s", error));
    g_free (error);
    return FALSE;
  }
  reader_options (self, &opts);
  self->serial = gst_rv_capture_reader_new_stream (fmt, &opts);
  self->rbuf = g_malloc (SERIAL_READ_BYTES);
  self->serial_discont = FALSE;
  GST_INFO_OBJECT (self, "reading %s at %u bit/s as %s", device,
      self->serial_baud, fmt ? fmt->name : "the first recognised lines");
  return TRUE;
}

static gboolean
start_pool (GstRvCsiSrc * self)
{
  GstStructure *config;
  GstCaps *caps = gst_rv_csi_caps_new (GST_RV_LAYOUT_COMPLEX, FALSE, FALSE);
  guint size = (guint) rv_record_csi_size (RV_LAYOUT_COMPLEX,
      RV_SYNTH_STREAMS, RV_SYNTH_SUBCARRIERS);
  gboolean ok;

  self->pool = gst_buffer_pool_new ();
  config = gst_buffer_pool_get_config (self->pool);
  gst_buffer_pool_config_set_params (config, caps, size, 4, 0);
  gst_buffer_pool_config_set_allocator (config, NULL,
      gst_rv_record_alloc_params ());
  ok = gst_buffer_pool_set_config (self->pool, config)
      && gst_buffer_pool_set_active (self->pool, TRUE);
  gst_caps_unref (caps);
  if (!ok)
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, (NULL),
        ("cannot set up the buffer pool"));
  return ok;
}

static gboolean
gst_rv_csi_src_start (GstBaseSrc * src)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
  gint port, buffer_size;
  gchar *address, *location, *device;
  RvSynthConfig cfg;
  RvSynthError se;
  guint persons;
  gboolean ok = TRUE;
  GstCaps *caps;
  GstRvCsiSrcFormat format;
  GHashTable *reasons;

  GST_OBJECT_LOCK (self);
  port = self->port;
  buffer_size = self->buffer_size;
  address = g_strdup (self->address ? self->address : DEFAULT_ADDRESS);
  location = self->location && *self->location ?
      g_strdup (self->location) : NULL;
  device = self->device && *self->device ? g_strdup (self->device) : NULL;
  format = self->format;
  self->serial_baud = self->baud_rate;
  self->serial_reconnect = self->reconnect;
  cfg.n_nodes = self->nodes;
  cfg.seed = self->seed;
  cfg.rate_hz = self->rate;
  persons = self->persons;
  self->synth_rate = self->rate;
  self->order = self->iq_order == GST_RV_CSI_SRC_IQ_Q_FIRST ?
      RV_IQ_Q_FIRST : RV_IQ_I_FIRST;
  self->only_node = self->node_id;
  self->timeline.max_gap = self->max_gap;
  self->latched_progress_step = self->progress_step;
  reasons = self->stats.reasons;
  g_hash_table_remove_all (reasons);
  memset (&self->stats, 0, sizeof (self->stats));
  self->stats.reasons = reasons;
  self->bound_port = 0;
  caps = gst_rv_csi_caps_new (GST_RV_LAYOUT_COMPLEX, FALSE, FALSE);
  gst_caps_replace (&self->caps, caps);
  GST_OBJECT_UNLOCK (self);
  gst_caps_unref (caps);

  self->index = 0;
  self->last_reason = NULL;
  self->first_fused = TRUE;
  self->timeline.shift = 0;
  self->timeline.last_end = GST_CLOCK_TIME_NONE;
  self->warned_jump = FALSE;
  self->reads = 0;
  self->seek_target = GST_CLOCK_TIME_NONE;
  self->progress_posted = -1;
  self->key = 0;                /* complex, not calibrated, not aligned */
  GST_OBJECT_LOCK (self);
  if (self->node_table)
    g_hash_table_remove_all (self->node_table);
  else
    self->node_table = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GST_OBJECT_UNLOCK (self);

  if ((port != 0) + (location != NULL) + (device != NULL) > 1) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("Set only one source: a UDP port, a file location or a serial "
                "device.")), ("port=%d location=%s device=%s", port,
            GST_STR_NULL (location), GST_STR_NULL (device)));
    ok = FALSE;
  } else if (port != 0) {
    self->mode = MODE_UDP;
    ok = start_udp (self, address, port, buffer_size);
  } else if (location) {
    self->mode = MODE_FILE;
    self->source_name = g_strdup (location);
    ok = start_file (self, location, format);
  } else if (device) {
    self->mode = MODE_SERIAL;
    self->source_name = g_strdup (device);
    ok = start_serial (self, device, format);
  } else {
    self->mode = MODE_SYNTHETIC;
    se = rv_synth_init (&self->synth, &cfg);
    if (se == RV_SYNTH_OK)
      se = rv_synth_set_persons (&self->synth, persons);
    if (se != RV_SYNTH_OK) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, (NULL),
          ("synthetic room: %s", rv_synth_error_str (se)));
      ok = FALSE;
    } else if (self->only_node == 0 || self->only_node > cfg.n_nodes) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_("The synthetic room has nodes 1 to %u; node-id %"
                  G_GINT64_FORMAT " does not exist."), cfg.n_nodes,
              self->only_node), ("nodes=%u node-id=%" G_GINT64_FORMAT,
              cfg.n_nodes, self->only_node));
      ok = FALSE;
    } else {
      ok = start_pool (self);
    }
  }
  g_free (address);
  g_free (location);
  g_free (device);
  /* the content fixes the caps: a chain that cannot take them fails the
   * start, with the stage it lacks, before any data flows (a file of which
   * no record could be read says so when it streams) */
  if (ok && (self->mode != MODE_FILE || self->pending)) {
    GST_OBJECT_LOCK (self);
    caps = gst_caps_ref (self->caps);
    GST_OBJECT_UNLOCK (self);
    ok = gst_rv_chain_check_downstream (GST_ELEMENT (self),
        GST_BASE_SRC_PAD (src), caps);
    gst_caps_unref (caps);
  }
  if (!ok)
    gst_rv_csi_src_stop (src);
  return ok;
}

static gboolean
gst_rv_csi_src_stop (GstBaseSrc * src)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);

  if (self->socket) {
    g_socket_close (self->socket, NULL);
    g_clear_object (&self->socket);
  }
  g_clear_pointer (&self->rbuf, g_free);
  if (self->pool) {
    gst_buffer_pool_set_active (self->pool, FALSE);
    gst_clear_object (&self->pool);
  }
  if (self->reader_state)
    self->reader->close (self->reader_state);
  self->reader_state = NULL;
  self->reader = NULL;
  if (self->fp)
    fclose (self->fp);
  self->fp = NULL;
  serial_close (self);
  g_clear_pointer (&self->serial, gst_rv_capture_reader_free);
  g_clear_pointer (&self->source_name, g_free);
  gst_clear_buffer (&self->pending);
  gst_rv_replay_index_clear (&self->replay);
  GST_OBJECT_LOCK (self);
  self->indexed = FALSE;
  self->duration = GST_CLOCK_TIME_NONE;
  self->file_size = -1;
  self->bound_port = 0;
  gst_clear_caps (&self->caps);
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
gst_rv_csi_src_unlock (GstBaseSrc * src)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
  g_cancellable_cancel (self->cancellable);
  return TRUE;
}

static gboolean
gst_rv_csi_src_unlock_stop (GstBaseSrc * src)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
  g_cancellable_reset (self->cancellable);
  return TRUE;
}

/* a file replay with its index */
static gboolean
gst_rv_csi_src_is_seekable (GstBaseSrc * src)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);
  gboolean seekable;

  GST_OBJECT_LOCK (self);
  seekable = self->indexed;
  GST_OBJECT_UNLOCK (self);
  return seekable;
}

static void
gst_rv_csi_src_get_times (GstBaseSrc * src, GstBuffer * buffer,
    GstClockTime * start, GstClockTime * end)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);

  *start = GST_CLOCK_TIME_NONE;
  *end = GST_CLOCK_TIME_NONE;
  /* paced modes wait on the clock; UDP and serial frames are stamped at
   * arrival */
  if (self->mode != MODE_UDP && self->mode != MODE_SERIAL
      && gst_base_src_is_live (src)) {
    GstClockTime ts = GST_BUFFER_PTS (buffer);
    if (self->mode == MODE_SYNTHETIC && self->only_node < 0
        && GST_BUFFER_OFFSET_IS_VALID (buffer)) {
      /* the room's nodes sample at the tick: one clock wait per tick, the
       * tick's frames (spread over it by their PTS) then go out at once */
      guint64 tick = GST_BUFFER_OFFSET (buffer) / self->synth.cfg.n_nodes;
      *start = gst_util_uint64_scale (tick, GST_SECOND, self->synth_rate);
    } else if (GST_CLOCK_TIME_IS_VALID (ts)) {
      *start = ts;
      if (GST_BUFFER_DURATION_IS_VALID (buffer))
        *end = ts + GST_BUFFER_DURATION (buffer);
    }
  }
}

/* ---------------------------------------------------------------- create */

/* DISCONT on a sequence gap of a node (a node's first frame is no loss of
 * data; the stream's first buffer is DISCONT by GstBaseSrc); per-node and
 * global counters (object lock: get_property reads the node table) */
static void
track_sequence (GstRvCsiSrc * self, GstBuffer * buf, guint32 node,
    guint32 seq)
{
  NodeState *ns;
  gboolean discont = FALSE;
  guint32 last = 0;

  GST_OBJECT_LOCK (self);
  ns = g_hash_table_lookup (self->node_table, GUINT_TO_POINTER (node));
  if (!ns) {
    ns = g_new0 (NodeState, 1);
    ns->node_id = node;
    g_hash_table_insert (self->node_table, GUINT_TO_POINTER (node), ns);
    self->stats.nodes++;
  } else if (ns->resync) {
    last = ns->last_seq;
  } else if (seq != (guint32) (ns->last_seq + 1u)) {
    discont = TRUE;
    last = ns->last_seq;
    ns->gaps++;
    self->stats.gaps++;
  } else {
    last = ns->last_seq;
  }
  ns->last_seq = seq;
  ns->resync = FALSE;
  ns->frames++;
  self->stats.frames++;
  GST_OBJECT_UNLOCK (self);
  if (discont) {
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    GST_DEBUG_OBJECT (self, "node %u: sequence %u after %u, DISCONT", node,
        seq, last);
  }
}

static GstFlowReturn
create_synthetic (GstRvCsiSrc * self, GstBuffer ** out)
{
  guint nodes = self->synth.cfg.n_nodes;
  guint node = (guint) (self->index % nodes);
  guint64 n = self->index / nodes;
  GstClockTime pts, next;
  GstBuffer *buf;
  GstMapInfo map;
  RvCsiFrame f;

  GstFlowReturn ret;

  /* a pooled, 8-aligned record buffer: no allocation per frame */
  ret = gst_buffer_pool_acquire_buffer (self->pool, &buf, NULL);
  if (ret != GST_FLOW_OK)
    return ret;
  if (!gst_buffer_map (buf, &map, GST_MAP_WRITE)
      || rv_record_csi_init (map.data, map.size, RV_LAYOUT_COMPLEX,
          RV_SYNTH_STREAMS, RV_SYNTH_SUBCARRIERS, &f) != RV_RECORD_OK) {
    gst_buffer_unref (buf);
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT, (NULL),
        ("cannot lay out a frame record"));
    return GST_FLOW_ERROR;
  }
  if (self->only_node >= 0) {
    node = (guint) self->only_node - 1;
    n = self->index;
  }
  rv_synth_render (&self->synth, node, n, &f);
  /* one tick's frames spread over the tick: node k of the room is sampled
   * in slot k of each tick's nodes slots; alone (node-id) in the same slot,
   * with the whole tick as its DURATION */
  pts = gst_util_uint64_scale (n * nodes + node, GST_SECOND,
      (guint64) self->synth_rate * nodes);
  if (self->only_node >= 0)
    next = pts + gst_util_uint64_scale (1, GST_SECOND, self->synth_rate);
  else
    next = gst_util_uint64_scale (n * nodes + node + 1, GST_SECOND,
        (guint64) self->synth_rate * nodes);
  f.pts_ns = pts;
  f.duration_ns = next - pts;
  rv_record_csi_sync (map.data, &f);
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = next - pts;
  GST_BUFFER_OFFSET (buf) = self->index;
  GST_BUFFER_OFFSET_END (buf) = self->index + 1;
  track_sequence (self, buf, f.node_id, f.sequence);
  self->index++;
  GST_OBJECT_LOCK (self);
  self->stats.received++;
  GST_OBJECT_UNLOCK (self);
  *out = buf;
  return GST_FLOW_OK;
}

static void
count_bad_datagram (GstRvCsiSrc * self, RvAdr018Error e)
{
  GST_OBJECT_LOCK (self);
  switch (e) {
    case RV_ADR018_NON_CSI:
      self->stats.non_csi++;
      break;
    case RV_ADR018_ERR_SHORT:
      self->stats.shorter++;
      break;
    case RV_ADR018_ERR_MAGIC:
      self->stats.bad_magic++;
      break;
    case RV_ADR018_ERR_ANTENNAS:
      self->stats.bad_antennas++;
      break;
    case RV_ADR018_ERR_SUBCARRIERS:
      self->stats.bad_subcarriers++;
      break;
    case RV_ADR018_ERR_TRUNCATED:
      self->stats.truncated++;
      break;
    case RV_ADR018_ERR_OVERSIZED:
      self->stats.oversized++;
      break;
    case RV_ADR018_OK:
      break;
  }
  if (e != RV_ADR018_OK && e != RV_ADR018_NON_CSI)
    self->stats.malformed++;
  GST_OBJECT_UNLOCK (self);
}

/* The kernel's drop counter (SO_RXQ_OVFL) came with a datagram: count what
 * it says was lost since the last one, and warn (at most once a second,
 * with the drops since the last warning). */
static void
note_kernel_drops (GstRvCsiSrc * self, guint32 counter)
{
  guint32 lost = counter - self->rxq_ovfl;      /* the counter wraps */
  gint64 now;
  guint64 total, report = 0;

  if (lost == 0)
    return;
  self->rxq_ovfl = counter;
  self->drops_unreported += lost;
  GST_OBJECT_LOCK (self);
  self->stats.kernel_drops += lost;
  total = self->stats.kernel_drops;
  GST_OBJECT_UNLOCK (self);
  now = g_get_monotonic_time ();
  if (self->last_drop_warning == 0
      || now - self->last_drop_warning >= DROP_WARNING_INTERVAL_US) {
    report = self->drops_unreported;
    self->drops_unreported = 0;
    self->last_drop_warning = now;
  }
  if (report > 0)
    GST_ELEMENT_WARNING (self, RESOURCE, READ,
        (_("Lost %" G_GUINT64_FORMAT " UDP datagrams: the socket's receive "
                "buffer was full."), report),
        ("%" G_GUINT64_FORMAT " datagrams dropped by the kernel since start; "
            "downstream is too slow or buffer-size is too small (the kernel "
            "caps it at net.core.rmem_max)", total));
}

/* Receive one datagram with its control messages: *arrival_ns the kernel's
 * arrival time (CLOCK_REALTIME ns) or 0 when it gave none.  Returns the
 * length, or -1 when cancelled (flushing). */
static gssize
receive_datagram (GstRvCsiSrc * self, guint64 * arrival_ns)
{
  union
  {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (struct timespec))
        + CMSG_SPACE (sizeof (guint32))];
  } control;
  struct iovec iov;
  struct msghdr msg;
  struct cmsghdr *c;
  GError *err = NULL;
  gssize n;
  int fd = g_socket_get_fd (self->socket);

  for (;;) {
    if (!g_socket_condition_wait (self->socket, G_IO_IN, self->cancellable,
            &err)) {
      if (g_error_matches (err, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_clear_error (&err);
        return -1;
      }
      GST_WARNING_OBJECT (self, "wait error: %s", err->message);
      g_clear_error (&err);
      continue;
    }
    iov.iov_base = self->rbuf;
    iov.iov_len = RV_ADR018_MAX_DATAGRAM + 1;
    memset (&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    n = recvmsg (fd, &msg, MSG_DONTWAIT);
    if (n >= 0)
      break;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
      /* ICMP errors and the like: log and keep receiving */
      GST_WARNING_OBJECT (self, "receive error: %s", g_strerror (errno));
  }
  *arrival_ns = 0;
  for (c = CMSG_FIRSTHDR (&msg); c; c = CMSG_NXTHDR (&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET)
      continue;
    if (c->cmsg_type == SCM_TIMESTAMPNS
        && c->cmsg_len >= CMSG_LEN (sizeof (struct timespec))) {
      struct timespec ts;
      memcpy (&ts, CMSG_DATA (c), sizeof ts);
      *arrival_ns = (guint64) ts.tv_sec * GST_SECOND + (guint64) ts.tv_nsec;
    } else if (c->cmsg_type == SO_RXQ_OVFL
        && c->cmsg_len >= CMSG_LEN (sizeof (guint32))) {
      guint32 counter;
      memcpy (&counter, CMSG_DATA (c), sizeof counter);
      note_kernel_drops (self, counter);
    }
  }
  return n;
}

static GstFlowReturn
create_udp (GstRvCsiSrc * self, GstBuffer ** out)
{
  GstClockTime pts;
  GstClock *clock;
  RvAdr018Header h;
  RvAdr018Error e;
  gssize n;
  guint64 arrival_ns, now_real_ns;
  GstBuffer *buf;
  GstMapInfo map;
  RvCsiFrame f;

  for (;;) {
    n = receive_datagram (self, &arrival_ns);
    if (n < 0)
      return GST_FLOW_FLUSHING;
    /* PTS = running time of the arrival: the clock now, less how long the
     * datagram waited in the socket (by the realtime clock the kernel
     * stamped it with) */
    now_real_ns = (guint64) g_get_real_time () * GST_USECOND;
    if (arrival_ns == 0 || arrival_ns > now_real_ns)
      arrival_ns = now_real_ns;
    pts = GST_CLOCK_TIME_NONE;
    clock = gst_element_get_clock (GST_ELEMENT (self));
    if (clock) {
      GstClockTime now = gst_clock_get_time (clock);
      GstClockTime base = gst_element_get_base_time (GST_ELEMENT (self));
      GstClockTime waited = now_real_ns - arrival_ns;
      pts = now > base + waited ? now - base - waited : 0;
      gst_object_unref (clock);
    }
    GST_OBJECT_LOCK (self);
    self->stats.received++;
    GST_OBJECT_UNLOCK (self);

    e = rv_adr018_parse (self->rbuf, (gsize) n, &h);
    if (e == RV_ADR018_OK) {
      if (self->only_node < 0 || h.node_id == self->only_node)
        break;
      GST_OBJECT_LOCK (self);
      self->stats.filtered++;
      GST_OBJECT_UNLOCK (self);
      continue;
    }
    count_bad_datagram (self, e);
    if (e != RV_ADR018_NON_CSI)
      GST_WARNING_OBJECT (self, "dropping %" G_GSSIZE_FORMAT "-byte datagram "
          "(magic 0x%08x): %s", n, h.magic, rv_adr018_error_str (e));
    else
      GST_LOG_OBJECT (self, "skipping sibling packet 0x%08x", h.magic);
  }

  buf = gst_rv_csi_buffer_new (RV_LAYOUT_COMPLEX, h.n_antennas,
      h.n_subcarriers, &map, &f);
  if (!buf) {
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT, (NULL),
        ("cannot allocate a frame"));
    return GST_FLOW_ERROR;
  }
  rv_adr018_fill_frame (&h, self->order, &f);
  f.timestamp_us = arrival_ns / GST_USECOND;
  f.pts_ns = GST_CLOCK_TIME_IS_VALID (pts) ? pts : RV_RECORD_NONE_NS;
  f.duration_ns = RV_RECORD_NONE_NS;
  gst_rv_csi_buffer_unmap (buf, &map, &f);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = GST_CLOCK_TIME_NONE;
  track_sequence (self, buf, f.node_id, f.sequence);
  *out = buf;
  return GST_FLOW_OK;
}

/* A record or line that did not decode: counted in total and by reason
 * (reasons are static strings of the readers) */
static void
count_bad_record (GstRvCsiSrc * self, const gchar * reader,
    const gchar * reason)
{
  guint64 *n;

  if (!reason)
    reason = "unknown";
  GST_OBJECT_LOCK (self);
  self->stats.bad_records++;
  self->stats.malformed++;
  n = g_hash_table_lookup (self->stats.reasons, reason);
  if (!n) {
    n = g_new0 (guint64, 1);
    g_hash_table_insert (self->stats.reasons, (gpointer) reason, n);
  }
  (*n)++;
  GST_OBJECT_UNLOCK (self);
  self->last_reason = reason;
  GST_WARNING_OBJECT (self, "%s reader: skipping a malformed entry: %s",
      reader, reason);
}

static GstFlowReturn
read_file_frame (GstRvCsiSrc * self, GstBuffer ** out, gboolean * fused)
{
  GstRvReadResult res;
  const gchar *reason = NULL;

  *out = NULL;
  for (;;) {
    res = self->reader->next (self->reader_state, out, fused, &reason);
    self->reads++;
    if (res == GST_RV_READ_EOS)
      return GST_FLOW_EOS;
    if (res == GST_RV_READ_ERROR) {
      GST_ELEMENT_ERROR (self, RESOURCE, READ, (NULL),
          ("%s reader: %s", self->reader->name, reason ? reason : "error"));
      return GST_FLOW_ERROR;
    }
    GST_OBJECT_LOCK (self);
    self->stats.received++;
    if (res == GST_RV_READ_SKIPPED)
      self->stats.non_csi++;
    GST_OBJECT_UNLOCK (self);
    if (res == GST_RV_READ_OK)
      return GST_FLOW_OK;
    if (res == GST_RV_READ_MALFORMED)
      count_bad_record (self, self->reader->name, reason);
  }
}

/* The next frame of the wanted node (node-id), with its caps key */
static GstFlowReturn
read_wanted_frame (GstRvCsiSrc * self, GstBuffer ** buf, gboolean * fused,
    guint32 * key, guint32 * node, guint32 * seq)
{
  GstFlowReturn ret;

  for (;;) {
    ret = read_file_frame (self, buf, fused);
    if (ret != GST_FLOW_OK)
      return ret;
    if (!content_key (*buf, *fused, key, node, seq)) {
      gst_clear_buffer (buf);
      GST_ELEMENT_ERROR (self, STREAM, DECODE, (NULL),
          ("%s reader produced an invalid record", self->reader->name));
      return GST_FLOW_ERROR;
    }
    if (*fused || self->only_node < 0 || *node == self->only_node)
      return GST_FLOW_OK;
    gst_clear_buffer (buf);
    GST_OBJECT_LOCK (self);
    self->stats.filtered++;
    GST_OBJECT_UNLOCK (self);
  }
}

/* Replay: keeps the recorded timeline, except across a jump of more than
 * max-gap from where the previous buffer ended, which is shifted away (the
 * record's pts_ns too, so a recording of the replay replays the same). */
static void
replay_timeline (GstRvCsiSrc * self, GstBuffer * buf, gboolean fused)
{
  GstClockTime pts = GST_BUFFER_PTS (buf), shifted;
  gint64 diff = 0;

  if (!GST_CLOCK_TIME_IS_VALID (pts) || pts > (GstClockTime) G_MAXINT64)
    return;
  shifted = gst_rv_timeline_place (&self->timeline, pts,
      GST_BUFFER_DURATION (buf), &diff);
  if (shifted != pts) {
    GstMapInfo map;
    GST_BUFFER_PTS (buf) = shifted;
    if (fused) {
      RvFusedRecord r;
      if (gst_rv_fused_buffer_map (buf, &map, GST_MAP_READWRITE, &r)) {
        r.pts_ns = shifted;
        gst_rv_fused_buffer_unmap (buf, &map, &r);
      }
    } else {
      RvCsiFrame f;
      if (gst_rv_csi_buffer_map (buf, &map, GST_MAP_READWRITE, &f)) {
        f.pts_ns = shifted;
        gst_rv_csi_buffer_unmap (buf, &map, &f);
      }
    }
  }
  if (diff == 0)
    return;
  GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
  GST_OBJECT_LOCK (self);
  self->stats.jumps++;
  GST_OBJECT_UNLOCK (self);
  if (!self->warned_jump) {
    self->warned_jump = TRUE;
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        (_("The recording's timestamps jump %.1f s at %" GST_TIME_FORMAT
                ": replayed as a discontinuity (reported once; see the jumps "
                "statistic)."), (gdouble) diff / GST_SECOND,
            GST_TIME_ARGS (shifted)), ("recorded PTS %" GST_TIME_FORMAT
            ", max-gap %" GST_TIME_FORMAT, GST_TIME_ARGS (pts),
            GST_TIME_ARGS (self->timeline.max_gap)));
  }
}

/* At the end of a file: TRUE (and an error posted) if not one record of
 * it could be read */
static gboolean
no_frame_at_all (GstRvCsiSrc * self)
{
  guint64 frames, filtered, bad, other;

  GST_OBJECT_LOCK (self);
  frames = self->stats.frames;
  filtered = self->stats.filtered;
  bad = self->stats.bad_records;
  other = self->stats.non_csi;
  GST_OBJECT_UNLOCK (self);
  if (frames > 0 || filtered > 0)
    return FALSE;
  GST_ELEMENT_ERROR (self, STREAM, DECODE,
      (_("No CSI record of \"%s\" could be read (%s). This element reads "
              "%s."), self->source_name, self->last_reason ?
          self->last_reason : _("it holds none"), GST_RV_READER_FORMATS_TEXT),
      ("read as %s: %" G_GUINT64_FORMAT " malformed and %" G_GUINT64_FORMAT
          " non-CSI entries", self->reader->name, bad, other));
  return TRUE;
}

/* After a seek: whether buf ends before the target (to be dropped); the
 * first buffer that does not ends the dropping */
static gboolean
before_seek_target (GstRvCsiSrc * self, GstBuffer * buf)
{
  GstClockTime pts = GST_BUFFER_PTS (buf);
  gboolean before;

  if (!GST_CLOCK_TIME_IS_VALID (self->seek_target))
    return FALSE;
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return TRUE;
  before = GST_BUFFER_DURATION_IS_VALID (buf) ?
      pts + GST_BUFFER_DURATION (buf) <= self->seek_target :
      pts < self->seek_target;
  if (!before)
    self->seek_target = GST_CLOCK_TIME_NONE;
  return before;
}

static GstFlowReturn
create_file (GstRvCsiSrc * self, GstBuffer ** out)
{
  GstBuffer *buf;
  gboolean fused;
  GstFlowReturn ret;
  guint32 key, node = 0, seq = 0;
  GstClockTime stop, end;

  do {
    GstCaps *caps;
    if (self->pending) {
      buf = self->pending;
      fused = self->pending_fused;
      self->pending = NULL;
      content_key (buf, fused, &key, &node, &seq);
    } else {
      ret = read_wanted_frame (self, &buf, &fused, &key, &node, &seq);
      if (ret == GST_FLOW_EOS) {
        if (no_frame_at_all (self))
          return GST_FLOW_ERROR;
        post_progress (self, self->duration, TRUE);
        return GST_FLOW_EOS;
      }
      if (ret != GST_FLOW_OK)
        return ret;
    }

    if (key != self->key) {
      /* A record whose layout or flags the chain cannot take (a damaged
       * record, or a recording that changes format where the next element
       * cannot follow) is skipped and counted like a malformed one, rather
       * than stopping the stream with not-negotiated. */
      caps = caps_for_key (key);
      if (!gst_pad_peer_query_accept_caps (GST_BASE_SRC_PAD (self), caps)) {
        GST_DEBUG_OBJECT (self, "downstream refuses %" GST_PTR_FORMAT, caps);
        gst_caps_unref (caps);
        gst_clear_buffer (&buf);
        count_bad_record (self, self->reader->name, "refused-by-downstream");
        continue;
      }
      /* the content decides the caps; renegotiate when it changes */
      GST_OBJECT_LOCK (self);
      gst_caps_replace (&self->caps, caps);
      GST_OBJECT_UNLOCK (self);
      GST_DEBUG_OBJECT (self, "content caps %" GST_PTR_FORMAT, caps);
      if (!gst_base_src_set_caps (GST_BASE_SRC (self), caps)) {
        gst_caps_unref (caps);
        gst_buffer_unref (buf);
        return GST_FLOW_NOT_NEGOTIATED;
      }
      gst_caps_unref (caps);
      self->key = key;
    }

    replay_timeline (self, buf, fused);
    if (before_seek_target (self, buf))
      gst_clear_buffer (&buf);
  } while (!buf);

  /* the end of a seek segment */
  GST_OBJECT_LOCK (self);
  stop = GST_BASE_SRC (self)->segment.stop;
  GST_OBJECT_UNLOCK (self);
  if (GST_CLOCK_TIME_IS_VALID (stop) && GST_BUFFER_PTS_IS_VALID (buf)
      && GST_BUFFER_PTS (buf) >= stop) {
    gst_buffer_unref (buf);
    return GST_FLOW_EOS;
  }

  if (fused) {
    if (self->first_fused)
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    self->first_fused = FALSE;
    GST_OBJECT_LOCK (self);
    self->stats.frames++;
    GST_OBJECT_UNLOCK (self);
  } else {
    track_sequence (self, buf, node, seq);
  }
  if (GST_BUFFER_PTS_IS_VALID (buf)) {
    end = GST_BUFFER_PTS (buf) + (GST_BUFFER_DURATION_IS_VALID (buf) ?
        GST_BUFFER_DURATION (buf) : 0);
    post_progress (self, end, FALSE);
  }
  *out = buf;
  return GST_FLOW_OK;
}

/* running time now, or NONE without a clock */
static GstClockTime
arrival_time (GstRvCsiSrc * self)
{
  GstClock *clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime pts = GST_CLOCK_TIME_NONE;

  if (clock) {
    GstClockTime now = gst_clock_get_time (clock);
    GstClockTime base = gst_element_get_base_time (GST_ELEMENT (self));
    pts = now > base ? now - base : 0;
    gst_object_unref (clock);
  }
  return pts;
}

/* Reopen the device every SERIAL_RETRY_MS until it is back (FLUSHING if
 * unlocked meanwhile; the next create goes on waiting) */
static GstFlowReturn
serial_reopen (GstRvCsiSrc * self)
{
  gchar *error = NULL;

  for (;;) {
    if (gst_rv_serial_sleep (self->cancellable, SERIAL_RETRY_MS))
      return GST_FLOW_FLUSHING;
    if (serial_open (self, &error))
      break;
    GST_DEBUG_OBJECT (self, "cannot reopen %s yet: %s", self->source_name,
        error);
    g_clear_pointer (&error, g_free);
  }
  GST_INFO_OBJECT (self, "%s is back", self->source_name);
  gst_rv_capture_reader_reset (self->serial);
  self->serial_discont = TRUE;
  return GST_FLOW_OK;
}

/* The device went away: an error, or (reconnect) a warning and a reopen */
static GstFlowReturn
serial_gone (GstRvCsiSrc * self, const gchar * why)
{
  serial_close (self);
  if (!self->serial_reconnect) {
    GST_ELEMENT_ERROR (self, RESOURCE, READ,
        (_("Serial device \"%s\" went away (unplugged or reset?)."),
            self->source_name), ("%s; set reconnect=true to wait for it",
            why));
    return GST_FLOW_ERROR;
  }
  GST_ELEMENT_WARNING (self, RESOURCE, READ,
      (_("Serial device \"%s\" went away; reopening it when it is back."),
          self->source_name), ("%s", why));
  return serial_reopen (self);
}

static GstFlowReturn
create_serial (GstRvCsiSrc * self, GstBuffer ** out)
{
  for (;;) {
    const gchar *reason = NULL;
    GstRvReadResult res;
    GstRvSerialResult sr;
    GstFlowReturn ret;
    gchar *error = NULL;
    gsize n;

    res = gst_rv_capture_reader_next (self->serial, out, &reason);
    if (res == GST_RV_READ_ERROR) {
      GST_ELEMENT_ERROR (self, RESOURCE, READ, (NULL),
          ("serial reader: %s", reason ? reason : "error"));
      return GST_FLOW_ERROR;
    }
    if (res != GST_RV_READ_EOS) {
      const RvCaptureFormat *fmt =
          gst_rv_capture_reader_format (self->serial);
      GST_OBJECT_LOCK (self);
      self->stats.received++;
      if (res == GST_RV_READ_SKIPPED)
        self->stats.non_csi++;
      GST_OBJECT_UNLOCK (self);
      if (res == GST_RV_READ_MALFORMED)
        count_bad_record (self, fmt ? fmt->name : "serial", reason);
      if (res != GST_RV_READ_OK)
        continue;
      /* every frame carries node-id's id: no filtering, only the gaps */
      {
        guint32 key, node = 0, seq = 0;
        content_key (*out, FALSE, &key, &node, &seq);
        track_sequence (self, *out, node, seq);
      }
      if (self->serial_discont)
        GST_BUFFER_FLAG_SET (*out, GST_BUFFER_FLAG_DISCONT);
      self->serial_discont = FALSE;
      return GST_FLOW_OK;
    }
    /* the buffered bytes hold no whole line: read more (after a flush
     * that interrupted a reopen, go on waiting for the device) */
    if (self->fd < 0) {
      ret = serial_reopen (self);
      if (ret != GST_FLOW_OK)
        return ret;
    }
    sr = gst_rv_serial_read (self->fd, self->cancellable, self->rbuf,
        SERIAL_READ_BYTES, &n, &error);
    if (sr == GST_RV_SERIAL_CANCELLED)
      return GST_FLOW_FLUSHING;
    if (sr == GST_RV_SERIAL_GONE) {
      ret = serial_gone (self, error);
      g_free (error);
      if (ret != GST_FLOW_OK)
        return ret;
      continue;
    }
    gst_rv_capture_reader_push (self->serial, self->rbuf, n,
        arrival_time (self));
  }
}

static GstFlowReturn
gst_rv_csi_src_create (GstPushSrc * src, GstBuffer ** buf)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (src);

  switch (self->mode) {
    case MODE_UDP:
      return create_udp (self, buf);
    case MODE_FILE:
      return create_file (self, buf);
    case MODE_SERIAL:
      return create_serial (self, buf);
    case MODE_SYNTHETIC:
    default:
      return create_synthetic (self, buf);
  }
}

/* ------------------------------------------------------------ properties */

static void
gst_rv_csi_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (object);
  gboolean live;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_PORT:
      self->port = g_value_get_int (value);
      break;
    case PROP_ADDRESS:
      g_free (self->address);
      self->address = g_value_dup_string (value);
      break;
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_NODES:
      self->nodes = g_value_get_uint (value);
      break;
    case PROP_SEED:
      self->seed = g_value_get_uint (value);
      break;
    case PROP_PERSONS:
      self->persons = g_value_get_uint (value);
      break;
    case PROP_RATE:
      self->rate = g_value_get_uint (value);
      break;
    case PROP_IS_LIVE:
      self->is_live = g_value_get_boolean (value);
      break;
    case PROP_IQ_ORDER:
      self->iq_order = g_value_get_enum (value);
      break;
    case PROP_NODE_ID:
      self->node_id = g_value_get_int64 (value);
      break;
    case PROP_BUFFER_SIZE:
      self->buffer_size = g_value_get_int (value);
      break;
    case PROP_MAX_GAP:
      self->max_gap = g_value_get_uint64 (value);
      break;
    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
      break;
    case PROP_NEXMON_CHIP:
      self->nexmon_chip = g_value_get_enum (value);
      break;
    case PROP_DEVICE:
      g_free (self->device);
      self->device = g_value_dup_string (value);
      break;
    case PROP_BAUD_RATE:
      self->baud_rate = g_value_get_uint (value);
      break;
    case PROP_RECONNECT:
      self->reconnect = g_value_get_boolean (value);
      break;
    case PROP_PROGRESS_STEP:
      self->progress_step = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  live = self->port != 0 || self->is_live
      || (self->device != NULL && *self->device != '\0');
  GST_OBJECT_UNLOCK (self);
  /* the live flag must be right before READY→PAUSED (no preroll) */
  gst_base_src_set_live (GST_BASE_SRC (self), live);
}

/* "node-<id>": { frames, gaps, last-sequence } */
static void
add_node_stats (gpointer key, gpointer value, gpointer user_data)
{
  const NodeState *ns = value;
  GstStructure *st = user_data, *n;
  gchar name[24];

  g_snprintf (name, sizeof (name), "node-%u", ns->node_id);
  n = gst_structure_new ("node", "frames", G_TYPE_UINT64, ns->frames,
      "gaps", G_TYPE_UINT64, ns->gaps,
      "last-sequence", G_TYPE_UINT, ns->last_seq, NULL);
  gst_structure_set (st, name, GST_TYPE_STRUCTURE, n, NULL);
  gst_structure_free (n);
}

/* "bad-record-reasons": one field per reason, named after it */
static void
add_reason_stats (GstStructure * st, GHashTable * reasons)
{
  GstStructure *r = gst_structure_new_empty ("reasons");
  GHashTableIter it;
  gpointer key, value;
  guint64 n;

  g_hash_table_iter_init (&it, reasons);
  while (g_hash_table_iter_next (&it, &key, &value)) {
    const gchar *p;
    GString *name = g_string_new (NULL);
    for (p = key; *p; p++) {
      if (g_ascii_isalnum (*p))
        g_string_append_c (name, g_ascii_tolower (*p));
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
    }
    while (name->len > 0 && name->str[name->len - 1] == '-')
      g_string_truncate (name, name->len - 1);
    if (name->len == 0)
      g_string_append (name, "unknown");
    /* two readers may give the same reason */
    if (gst_structure_get_uint64 (r, name->str, &n))
      n += *(guint64 *) value;
    else
      n = *(guint64 *) value;
    gst_structure_set (r, name->str, G_TYPE_UINT64, n, NULL);
    g_string_free (name, TRUE);
  }
  gst_structure_set (st, "bad-record-reasons", GST_TYPE_STRUCTURE, r, NULL);
  gst_structure_free (r);
}

static void
gst_rv_csi_src_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstRvCsiSrc *self = GST_RV_CSI_SRC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_PORT:
      g_value_set_int (value, self->port);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_NODES:
      g_value_set_uint (value, self->nodes);
      break;
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;
    case PROP_PERSONS:
      g_value_set_uint (value, self->persons);
      break;
    case PROP_RATE:
      g_value_set_uint (value, self->rate);
      break;
    case PROP_IS_LIVE:
      g_value_set_boolean (value, self->is_live);
      break;
    case PROP_IQ_ORDER:
      g_value_set_enum (value, self->iq_order);
      break;
    case PROP_NODE_ID:
      g_value_set_int64 (value, self->node_id);
      break;
    case PROP_BUFFER_SIZE:
      g_value_set_int (value, self->buffer_size);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_NEXMON_CHIP:
      g_value_set_enum (value, self->nexmon_chip);
      break;
    case PROP_DEVICE:
      g_value_set_string (value, self->device);
      break;
    case PROP_BAUD_RATE:
      g_value_set_uint (value, self->baud_rate);
      break;
    case PROP_RECONNECT:
      g_value_set_boolean (value, self->reconnect);
      break;
    case PROP_BOUND_PORT:
      g_value_set_int (value, self->bound_port);
      break;
    case PROP_MAX_GAP:
      g_value_set_uint64 (value, self->max_gap);
      break;
    case PROP_PROGRESS_STEP:
      g_value_set_uint (value, self->progress_step);
      break;
    case PROP_STATS:{
      const CsiSrcStats *s = &self->stats;
      GstStructure *st;
      st = gst_structure_new ("csisrc-stats",
              "received", G_TYPE_UINT64, s->received,
              "frames", G_TYPE_UINT64, s->frames,
              "malformed", G_TYPE_UINT64, s->malformed,
              "non-csi", G_TYPE_UINT64, s->non_csi,
              "short", G_TYPE_UINT64, s->shorter,
              "bad-magic", G_TYPE_UINT64, s->bad_magic,
              "bad-antennas", G_TYPE_UINT64, s->bad_antennas,
              "bad-subcarriers", G_TYPE_UINT64, s->bad_subcarriers,
              "truncated", G_TYPE_UINT64, s->truncated,
              "oversized", G_TYPE_UINT64, s->oversized,
              "bad-records", G_TYPE_UINT64, s->bad_records,
              "filtered", G_TYPE_UINT64, s->filtered,
              "gaps", G_TYPE_UINT64, s->gaps,
              "jumps", G_TYPE_UINT64, s->jumps,
              "kernel-drops", G_TYPE_UINT64, s->kernel_drops,
              "nodes", G_TYPE_UINT, s->nodes, NULL);
      if (self->node_table)
        g_hash_table_foreach (self->node_table, add_node_stats, st);
      add_reason_stats (st, s->reasons);
      g_value_take_boxed (value, st);
      break;
    }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

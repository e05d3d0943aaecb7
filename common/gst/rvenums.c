/* libgstruview — enum GTypes (see rvenums.h) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvenums.h"

GType
gst_rv_detail_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_DETAIL_SUMMARY, "Scalars only: arrays are left out", "summary"},
    {GST_RV_DETAIL_FULL, "Everything, every array included", "full"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvDetail", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

GType
gst_rv_format_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_FORMAT_FRAMES, "Every frame or cycle with all its metas, in the "
          "JSON frame format csisrc reads back", "frames"},
    {GST_RV_FORMAT_SENSING_UPDATE, "RuView's sensing_update document, one "
          "per fused cycle (what a RuView web UI reads)", "sensing-update"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvFormat", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

GType
gst_rv_calibrate_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_CALIBRATE_MODE_APPLY,
        "Subtract the baseline and score the drift", "apply"},
    {GST_RV_CALIBRATE_MODE_RECORD,
        "Learn a baseline and write it to the baseline file", "record"},
    {GST_RV_CALIBRATE_MODE_PASSTHROUGH, "Pass frames through untouched",
        "passthrough"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvCalibrateMode", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

GType
gst_rv_calibrate_tier_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_CALIBRATE_TIER_AUTO, "From the frame width", "auto"},
    {GST_RV_CALIBRATE_TIER_HT20, "HT20: 64 subcarriers, 52 active", "ht20"},
    {GST_RV_CALIBRATE_TIER_HT40, "HT40: 128 subcarriers, 114 active", "ht40"},
    {GST_RV_CALIBRATE_TIER_HE20, "HE20: 256 subcarriers, 256 active", "he20"},
    {GST_RV_CALIBRATE_TIER_HE40, "HE40: 512 subcarriers, 484 active", "he40"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvCalibrateTier", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

GType
gst_rv_csi_src_iq_order_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    {GST_RV_CSI_SRC_IQ_I_FIRST, "Byte 2k is I (real), RuView's convention",
        "i-first"},
    {GST_RV_CSI_SRC_IQ_Q_FIRST, "Byte 2k is Q (imaginary), ESP-IDF's order",
        "q-first"},
    {GST_RV_CSI_SRC_IQ_AUTO, "Each source's convention: i-first for ADR-018 "
          "and RuView JSONL, q-first for ESP32 text logs", "auto"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstRvCsiSrcIqOrder", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

GType
gst_rv_csi_src_format_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    {GST_RV_CSI_SRC_FORMAT_AUTO, "Recognised from the content", "auto"},
    {GST_RV_CSI_SRC_FORMAT_RVCSI, "Binary frame records (.rvcsi)", "rvcsi"},
    {GST_RV_CSI_SRC_FORMAT_JSONL, "JSON Lines frames", "jsonl"},
    {GST_RV_CSI_SRC_FORMAT_RUVIEW_JSONL, "RuView JSONL recording",
        "ruview-jsonl"},
    {GST_RV_CSI_SRC_FORMAT_ESP32_CSI_TOOL, "ESP32-CSI-Tool CSV",
        "esp32-csi-tool"},
    {GST_RV_CSI_SRC_FORMAT_ESP_CSI, "esp-csi csi_recv CSV", "esp-csi"},
    {GST_RV_CSI_SRC_FORMAT_INTEL5300, "Intel 5300 CSI Tool .dat",
        "intel5300"},
    {GST_RV_CSI_SRC_FORMAT_NEXMON, "Nexmon CSI pcap/pcapng", "nexmon"},
    {GST_RV_CSI_SRC_FORMAT_ATHEROS, "Atheros CSI Tool log", "atheros"},
    {GST_RV_CSI_SRC_FORMAT_FEITCSI, "FeitCSI .csi", "feitcsi"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstRvCsiSrcFormat", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

GType
gst_rv_csi_src_nexmon_chip_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    {GST_RV_CSI_SRC_NEXMON_CHIP_AUTO, "From each packet's chip id", "auto"},
    {GST_RV_CSI_SRC_NEXMON_CHIP_BCM4339, "bcm4339: int16 words", "bcm4339"},
    {GST_RV_CSI_SRC_NEXMON_CHIP_BCM43455C0, "bcm43455c0: int16 words",
        "bcm43455c0"},
    {GST_RV_CSI_SRC_NEXMON_CHIP_BCM4358,
        "bcm4358: packed floats, 9-bit mantissas", "bcm4358"},
    {GST_RV_CSI_SRC_NEXMON_CHIP_BCM4366C0,
        "bcm4366c0: packed floats, 12-bit mantissas", "bcm4366c0"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstRvCsiSrcNexmonChip", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

GType
gst_rv_cir_tier_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_CIR_TIER_AUTO, "The tier that takes the width of the node "
          "frames (chosen on the first cycle)", "auto"},
    {GST_RV_CIR_TIER_HT20, "HT20: 20 MHz, 64-point grid, 52 active, 156 taps",
        "ht20"},
    {GST_RV_CIR_TIER_CANONICAL56,
        "Canonical 56-bin frames: 20 MHz, 56 active, 168 taps", "canonical56"},
    {GST_RV_CIR_TIER_HT40, "HT40: 40 MHz, 128-point grid, 114 active, 342 taps",
        "ht40"},
    {GST_RV_CIR_TIER_HE20, "HE20: 20 MHz, 256-point grid, 242 active, 726 taps",
        "he20"},
    {GST_RV_CIR_TIER_HE40,
        "HE40: 40 MHz, 512-point grid, 484 active, 1452 taps", "he40"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvCirTier", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

GType
gst_rv_solver_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_SOLVER_ISTA, "ISTA, RuView's solver (bit-exact)", "ista"},
    {GST_RV_SOLVER_FISTA,
          "FISTA: momentum with restart, converges in far fewer iterations, "
          "changes the floats", "fista"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvSolver", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

GType
gst_rv_tomography_lipschitz_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_TOMOGRAPHY_LIPSCHITZ_FROBENIUS,
        "Frobenius bound (bit-exact with RuView)", "frobenius"},
    {GST_RV_TOMOGRAPHY_LIPSCHITZ_POWER,
        "Power-method estimate (faster convergence, changes the floats)",
        "power"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvTomographyLipschitz", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

GType
gst_rv_privacy_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_PRIVACY_MODE_RAW_RESEARCH,
        "Raw research: class Raw, nothing enforced", "raw-research"},
    {GST_RV_PRIVACY_MODE_PRIVATE_HOME,
        "Private home: class Anonymous, identity suppressed, raw dropped",
        "private-home"},
    {GST_RV_PRIVACY_MODE_ENTERPRISE_ANONYMOUS,
        "Enterprise anonymous: class Anonymous, identity suppressed, raw "
          "dropped, aggregate only", "enterprise-anonymous"},
    {GST_RV_PRIVACY_MODE_CARE_WITH_CONSENT,
        "Care with consent: class Derived, nothing enforced",
        "care-with-consent"},
    {GST_RV_PRIVACY_MODE_STRICT_NO_IDENTITY,
        "Strict no identity: class Restricted, identity suppressed, "
          "resolution reduced, raw dropped, aggregate only",
        "strict-no-identity"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvPrivacyMode", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

GType
gst_rv_compare_cycles_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_COMPARE_CYCLES_ALL, "One ab_cycle document per compared cycle",
        "all"},
    {GST_RV_COMPARE_CYCLES_DIFFERING,
        "Only the cycles in which something differed or was missing",
        "differing"},
    {GST_RV_COMPARE_CYCLES_NONE, "No ab_cycle document: summaries only",
        "none"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvCompareCycles", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

namespace Stormline.Ops.Lag;

/// <summary>
/// Burrow's consumer statuses, with Burrow's numbers (as in <c>burrow_kafka_consumer_status</c>) so dashboards
/// built for Burrow read <c>stormline_consumergroup_status</c> the same way. Higher is worse.
/// </summary>
public enum LagStatus
{
    NotFound = 0,

    /// <summary>Lag reached zero in the window, or nothing is wrong yet.</summary>
    Ok = 1,

    /// <summary>The offset advances but the lag never decreases: the consumer is falling behind.</summary>
    Warn = 2,

    /// <summary>Burrow's group-level error: a group with a partition in STOP, STALL or REWIND.</summary>
    Err = 3,

    /// <summary>Commits stopped: no member holds the partition and the offset has been still longer than it was moving.</summary>
    Stop = 4,

    /// <summary>The committed offset did not move across the whole window while lag stayed above zero.</summary>
    Stall = 5,

    /// <summary>The committed offset went back.</summary>
    Rewind = 6,
}

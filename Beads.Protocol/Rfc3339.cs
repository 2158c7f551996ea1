using System.Globalization;

namespace Beads.Protocol;

/// <summary>
/// Timestamps as beads writes them (Go's RFC3339Nano): fractional seconds without trailing zeros, no fraction when
/// it is zero, and the offset the time was recorded with, "Z" for UTC.
/// </summary>
public static class Rfc3339
{
    public static string Format(DateTimeOffset at) =>
        at.Offset == TimeSpan.Zero
            ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}

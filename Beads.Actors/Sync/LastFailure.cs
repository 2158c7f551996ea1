using Beads.Actors.Logging;

namespace Beads.Actors.Sync;

/// <summary>
/// A sync child's latest failure, for bd stats, and whether it is worth a warning: each child (flush, auto-import,
/// export) keeps one, and bd stats shows the newest of them.
/// </summary>
public sealed class LastFailure
{
    private readonly OncePerCause _warnings = new();

    public string? Message { get; private set; }
    public DateTimeOffset? At { get; private set; }

    /// <summary>Records the failure; true when it is news (see <see cref="OncePerCause"/>) and so should be logged.</summary>
    public bool Record(string message, DateTimeOffset at)
    {
        Message = message;
        At = at;
        return _warnings.IsNew(message);
    }

    /// <summary>Something succeeded: the failure stays on record for bd stats, but the next one is news again.</summary>
    public void Recovered() => _warnings.Recovered();
}

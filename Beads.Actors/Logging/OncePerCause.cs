namespace Beads.Actors.Logging;

/// <summary>
/// Keeps a failure that repeats to one warning: a cause is reported when it first appears, then again only once it
/// has changed, or after a success in between. A rig whose folder is gone warns once, not at every flush; a writer
/// retrying through a database outage warns once, not at every attempt.
/// </summary>
public sealed class OncePerCause
{
    private string? _cause;

    /// <summary>Whether this cause is news, and so worth a warning; it is remembered either way.</summary>
    public bool IsNew(string cause)
    {
        if (cause == _cause) return false;
        _cause = cause;
        return true;
    }

    /// <summary>Something succeeded: the next failure is news, whatever its cause.</summary>
    public void Recovered() => _cause = null;
}

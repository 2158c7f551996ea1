namespace Beads.Actors.Projection;

/// <summary>
/// Which of a rig's writers projects an issue: always the same one, so that one issue's changes are written in order.
/// The hash must be stable across processes (string.GetHashCode is not): a writer's recorded offset only means
/// something if the next incarnation of the rig routes the same issues to it. For the same reason the number of
/// writers is fixed, not a setting.
/// </summary>
public static class WriterIndex
{
    /// <summary>Writers per rig: at most this many database connections per rig.</summary>
    public const int Count = 3;

    /// <summary>Rig-level events (init, config) touch no issue and always go to the first writer.</summary>
    public static int Of(string? issueId) => issueId is null ? 0 : (int)(Fnv1a(issueId) % Count);

    public static int Of(ProjectedEvent projected) => Of(Domain.RigEvents.IssueIdOf(projected.Event));

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ (c & 0xFFu)) * 16777619u;
            hash = (hash ^ ((uint)c >> 8)) * 16777619u;
        }
        return hash;
    }
}

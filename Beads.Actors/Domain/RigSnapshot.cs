using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>What a snapshot of a rig stores: the facts only; indexes are rebuilt by <see cref="RigState.Restore"/>.</summary>
public sealed record RigSnapshot(
    string? Name,
    string Prefix,
    string HomeDirectory,
    ImmutableDictionary<string, string> Config,
    ImmutableList<Issue> Issues,
    long LastCommentNumber)
{
    public string? HomeNode { get; init; }
}

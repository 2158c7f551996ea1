using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>Turns what a user typed (a full id, or a unique prefix of one, with or without the rig prefix) into an id.</summary>
public static class IdResolution
{
    private const int CandidatesShown = 10;

    public static Result<string> Resolve(RigState state, string typed)
    {
        var wanted = typed.Trim().ToLowerInvariant();
        if (wanted.Length == 0)
            return new Rejected(ErrorCodes.InvalidArgument, "an issue id is required");
        if (state.Issues.ContainsKey(wanted)) return wanted;
        var withPrefix = $"{state.Prefix}-{wanted}";
        if (state.Issues.ContainsKey(withPrefix)) return withPrefix;

        // Only text that carries a prefix (has a '-') is matched against whole ids: a bare hash such as "b" must not
        // match every id just because the rig prefix "bd" starts with it.
        var carriesPrefix = wanted.Contains('-');
        var candidates = state.Issues.Keys
            .Where(id => (carriesPrefix && id.StartsWith(wanted, StringComparison.Ordinal))
                || id.StartsWith(withPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToImmutableList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => new Rejected(ErrorCodes.NotFound,
                $"no issue found matching \"{typed}\" in rig '{state.Name}' (issue not found): check the id with `bd list` or `bd search`"),
            _ => new Rejected(ErrorCodes.AmbiguousId,
                $"'{typed}' matches {candidates.Count} issues: {string.Join(", ", candidates.Take(CandidatesShown))}" +
                $"{(candidates.Count > CandidatesShown ? ", ..." : "")}; type more of the id"),
        };
    }
}

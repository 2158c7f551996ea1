using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Cli;

/// <summary>
/// Links from an issue of one rig to an issue of another on the same host (Gas Town's convoys, kept in the town's rig,
/// track the issues of every rig). The rig keeps such a link as beads' <c>external:&lt;prefix&gt;:&lt;id&gt;</c>; bd
/// turns the id given into that form once the other rig has vouched for it, and shows the linked issue as that rig
/// has it now.
/// </summary>
public static class CrossRigLinks
{
    /// <summary>
    /// The target to send for a link from <paramref name="fromRig"/> to <paramref name="typed"/>: an external
    /// reference when the id's prefix names another rig (which must hold the issue: a typo is refused there, not
    /// stored), with that rig's name, so that a blocks edge waits for it; else the id as typed, for the rig to resolve.
    /// An <c>external:</c> reference typed as such is kept as typed (Gas Town writes them), with the rig of this host
    /// that has its prefix, if one does, when <paramref name="holderWanted"/> (a new edge may wait for it; a removal
    /// needs no rig, and asks for none).
    /// </summary>
    public static async Task<(string Target, string? OtherRig)> Target(Invocation run, string fromRig, string typed, bool holderWanted)
    {
        var id = typed.Trim();
        if (ExternalReference.Parse(id) is var (project, _))
            return (id, holderWanted && await run.RigOfPrefix(project) is { } holder && holder.Name != fromRig ? holder.Name : null);
        if (await run.RigOfId(id) is not { } owner || owner.Name == fromRig) return (id, null);
        var resolved = await run.Send<ResolvedId>(new ResolveId(owner.Name, id));
        return (ExternalReference.Of(owner.Prefix, resolved.Id), owner.Name);
    }

    /// <summary>
    /// <paramref name="details"/> with the issues its external links name, where they are rigs of this host, among its
    /// dependencies as those rigs have them; a link whose issue cannot be found is named on stderr.
    /// </summary>
    public static async Task<IssueDetails> WithIssuesElsewhere(Invocation run, IssueDetails details)
    {
        var elsewhere = details.Issue.Dependencies.Where(d => ExternalReference.Is(d.DependsOnId)).ToList();
        if (elsewhere.Count == 0) return details;
        var found = ImmutableList.CreateBuilder<RelatedIssue>();
        foreach (var link in elsewhere)
        {
            if (await Linked(run, link.DependsOnId) is { } issue) found.Add(new RelatedIssue(issue, link.Type));
            else run.Note($"note: {details.Issue.Id} links to {link.DependsOnId} ({link.Type}), which no rig of this host holds");
        }
        return details with { Dependencies = details.Dependencies.AddRange(found) };
    }

    private static async Task<Issue?> Linked(Invocation run, string target)
    {
        if (ExternalReference.Parse(target) is not var (project, id) || await run.RigOfPrefix(project) is not { } owner)
            return null;
        try
        {
            return (await run.Send<IssueDetailsResult>(new ShowIssues(owner.Name, [id]))).Issues[0].Issue;
        }
        catch (CliException e) when (e.Code == ErrorCodes.NotFound)
        {
            return null;
        }
    }
}

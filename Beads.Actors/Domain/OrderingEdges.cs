using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

/// <summary>The edges that order work (hard blockers and parent-child), which must never form a loop: a loop would block its members forever.</summary>
public static class OrderingEdges
{
    public static bool Orders(string type) => DependencyTypes.IsHardBlocker(type) || type == DependencyTypes.ParentChild;

    /// <summary>Whether <paramref name="goal"/> is reachable from <paramref name="start"/> over ordering edges.</summary>
    public static bool Reaches(RigState state, string start, string goal)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out var current))
        {
            if (current == goal) return true;
            if (!seen.Add(current) || state.Find(current) is not { } issue) continue;
            foreach (var next in issue.Dependencies.Where(d => Orders(d.Type)))
                pending.Push(next.DependsOnId);
        }
        return false;
    }
}

using System.Collections.Immutable;
using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Registry;

/// <summary>
/// The cluster's directory of rigs: one name per rig, one prefix per rig, so that an id like <c>oe-a1b2</c> leads to
/// exactly one rig. Pure, like the rig domain.
/// </summary>
public sealed record RigDirectoryState(ImmutableSortedDictionary<string, RigEntry> ByName)
{
    public static readonly RigDirectoryState Empty = new(ImmutableSortedDictionary.Create<string, RigEntry>(StringComparer.Ordinal));

    public RigDirectoryState Apply(RigEntryRecorded recorded) =>
        new(ByName.SetItem(recorded.Entry.Name, recorded.Entry));

    /// <summary>Null when the entry may be recorded (or already is); otherwise why not.</summary>
    public Rejected? Refusal(RigEntry entry)
    {
        if (!RigNames.IsValid(entry.Name)) return IssueValidation.Invalid(RigNames.Invalid(entry.Name));
        if (RigNames.HomeProblem(entry.HomeDirectory) is { } homeProblem) return IssueValidation.Invalid(homeProblem);
        if (!IssueIds.IsValidPrefix(entry.Prefix))
            return IssueValidation.Invalid($"prefix '{entry.Prefix}' is not usable: use lowercase letters and digits, optionally joined by '-'");
        if (ByName.TryGetValue(entry.Name, out var existing)
            && (existing.Prefix != entry.Prefix || existing.HomeDirectory != entry.HomeDirectory))
            return new Rejected(ErrorCodes.RigConflict,
                $"rig '{entry.Name}' already exists with prefix '{existing.Prefix}' at {existing.HomeDirectory}: " +
                "give this one another name with --rig, or work in that folder");
        // One rig per folder: two rigs in one .beads/ would each import the other's issues from the one JSONL.
        if (ByName.Values.FirstOrDefault(e => e.HomeDirectory == entry.HomeDirectory && e.Name != entry.Name) is { } resident)
            return new Rejected(ErrorCodes.RigConflict,
                $"the folder {entry.HomeDirectory} already holds rig '{resident.Name}' (prefix '{resident.Prefix}'): a folder holds one " +
                $"rig; work with it (`bd --rig {resident.Name} ...`), or run `bd init` for the new rig in a folder of its own");
        var owner = ByName.Values.FirstOrDefault(e => e.Prefix == entry.Prefix && e.Name != entry.Name);
        return owner is null
            ? null
            : new Rejected(ErrorCodes.RigConflict,
                $"prefix '{entry.Prefix}' already belongs to rig '{owner.Name}' at {owner.HomeDirectory}: choose another with --prefix");
    }
}

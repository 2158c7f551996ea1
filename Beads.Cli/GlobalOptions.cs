using System.CommandLine;

namespace Beads.Cli;

/// <summary>Options every command takes.</summary>
public static class GlobalOptions
{
    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON (beads' shapes) instead of text", Recursive = true };
    public static readonly Option<string?> Actor = new("--actor") { Description = "Who makes the change (default: BD_ACTOR, git user.name, $USER)", Recursive = true };
    public static readonly Option<bool> NoAutoFlush = new("--no-auto-flush")
    {
        Description = "Keep this change out of the automatic JSONL flush: it reaches .beads/issues.jsonl with the next flush (bd sync --flush-only)",
        Recursive = true,
    };
    public static readonly Option<string?> Rig = new("--rig") { Description = "The rig to use (default: the .beads/ above this folder, or the id's prefix)", Recursive = true };
}

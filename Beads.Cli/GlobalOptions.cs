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

    public static readonly Option<string?> IdempotencyKey = new("--idempotency-key")
    {
        Description = "Your name for this change: sent again (a retry, today or tomorrow) it returns the first result and changes nothing",
        Recursive = true,
    };

    /// <summary>
    /// beads' MCP server sends it when asked not to import before a command. The host imports an outside change of the
    /// JSONL on its own, once the file is quiet (auto-import), never in a command's path: there is nothing to skip.
    /// </summary>
    public static readonly Option<bool> NoAutoImport = new("--no-auto-import")
    {
        Description = "Accepted for beads' clients: Beads never imports in a command's path (the host auto-imports outside changes by itself)",
        Recursive = true,
    };

    /// <summary>
    /// beads-ui puts it before every command. In beads it stops a command from pushing to a Dolt remote; a Beads
    /// command never pushes (the host's sync does, on its own interval), so it changes nothing.
    /// </summary>
    public static readonly Option<bool> Sandbox = new("--sandbox")
    {
        Description = "Accepted for beads' clients: a Beads command never pushes to a remote (the host's sync does)",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print nothing but errors (and --json output)", Recursive = true };

    public static readonly Option<string?> Directory = new("--directory", "-C")
    {
        Description = "Run as if bd was started in this folder (finds its .beads/ from there)",
        Recursive = true,
    };

    /// <summary>beads' hidden <c>--format json</c>, the same as --json (Gas Town passes it); bd prints no other format.</summary>
    public static readonly Option<string?> Format = new("--format")
    {
        Description = "json: the same as --json (beads' other formats are not printed by bd)", Recursive = true, Hidden = true,
    };

    public static readonly Option<string?> Rig = new("--rig") { Description = "The rig to use (default: the .beads/ above this folder, or the id's prefix)", Recursive = true };

    public static IEnumerable<Option> All => [Json, Format, Actor, Rig, NoAutoFlush, IdempotencyKey, NoAutoImport, Sandbox, Quiet, Directory];
}

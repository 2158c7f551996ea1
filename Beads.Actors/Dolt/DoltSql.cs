using System.Text.RegularExpressions;

namespace Beads.Actors.Dolt;

/// <summary>One statement of Dolt's SQL and its parameters.</summary>
public sealed record DoltStatement(string Sql, IReadOnlyDictionary<string, string> Parameters)
{
    public DoltStatement(string sql) : this(sql, new Dictionary<string, string>())
    {
    }
}

/// <summary>
/// The Dolt-only SQL Beads runs, and only after <see cref="Version"/> has answered: a MySQL or MariaDB server knows
/// none of it. Commits stage everything and record one Dolt commit for many writes (the caller decides when: a commit
/// per write puts Dolt into read-only errors under load).
/// </summary>
public static partial class DoltSql
{
    /// <summary>Answers on Dolt only; anywhere else it fails (no such function).</summary>
    public static readonly DoltStatement Version = new("SELECT dolt_version()");

    /// <summary>Tables with changes not yet committed: none means there is nothing to commit.</summary>
    public static readonly DoltStatement PendingChanges = new("SELECT COUNT(*) FROM dolt_status");

    /// <summary>Stages every changed table, then commits them with a message and an author; Dolt answers the commit's hash.</summary>
    public static IReadOnlyList<DoltStatement> Commit(string message, string author) =>
    [
        new("CALL DOLT_ADD('-A')"),
        new("CALL DOLT_COMMIT('-m', @message, '--author', @author)",
            new Dictionary<string, string> { ["@message"] = message, ["@author"] = Author(author) }),
    ];

    /// <summary>Pushes the branch to the remote, as <c>dolt push</c> would.</summary>
    /// <summary>Whether the store has a remote of that name (Dolt's dolt_remotes system table): a push needs one.</summary>
    public static DoltStatement RemoteExists(string remote) =>
        new("SELECT COUNT(*) FROM dolt_remotes WHERE name = @remote", new Dictionary<string, string> { ["@remote"] = remote });

    public static DoltStatement Push(string remote, string branch) =>
        new("CALL DOLT_PUSH(@remote, @branch)", new Dictionary<string, string> { ["@remote"] = remote, ["@branch"] = branch });

    /// <summary>
    /// Dolt wants an author as <c>Name &lt;email&gt;</c>. An actor already written so is kept; a bare name (an agent, a
    /// user name) gets a made-up address under <c>beads.invalid</c>, a domain that can never be delivered to.
    /// </summary>
    public static string Author(string actor)
    {
        var name = actor.Trim();
        if (NameAndEmail().IsMatch(name)) return name;
        var local = LocalPartUnsafe().Replace(name, "-").Trim('-');
        return $"{name} <{(local.Length == 0 ? "beads" : local)}@beads.invalid>";
    }

    [GeneratedRegex(@"^.+ <[^<>\s]+@[^<>\s]+>$")]
    private static partial Regex NameAndEmail();

    [GeneratedRegex(@"[^A-Za-z0-9._-]+")]
    private static partial Regex LocalPartUnsafe();
}

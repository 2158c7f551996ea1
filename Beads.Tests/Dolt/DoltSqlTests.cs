using Beads.Actors.Dolt;
using Xunit;

namespace Beads.Tests.Dolt;

/// <summary>The Dolt statements Beads sends, checked as text: Dolt cannot be installed where these tests run.</summary>
public sealed class DoltSqlTests
{
    [Fact]
    public void Dolt_is_recognised_by_its_version_function()
    {
        Assert.Equal("SELECT dolt_version()", DoltSql.Version.Sql);
        Assert.Equal("SELECT COUNT(*) FROM dolt_status", DoltSql.PendingChanges.Sql);
    }

    [Fact]
    public void A_commit_stages_every_table_then_commits_with_the_message_and_author_as_parameters()
    {
        var statements = DoltSql.Commit("beads: 120 changes in rig demo; it's \"quoted\"", "Ada Lovelace <ada@example.com>");

        Assert.Equal(["CALL DOLT_ADD('-A')", "CALL DOLT_COMMIT('-m', @message, '--author', @author)"], statements.Select(s => s.Sql));
        Assert.Equal("beads: 120 changes in rig demo; it's \"quoted\"", statements[1].Parameters["@message"]);
        Assert.Equal("Ada Lovelace <ada@example.com>", statements[1].Parameters["@author"]);
    }

    [Fact]
    public void A_push_names_the_remote_and_the_branch()
    {
        var push = DoltSql.Push("origin", "main");

        Assert.Equal("CALL DOLT_PUSH(@remote, @branch)", push.Sql);
        Assert.Equal(("origin", "main"), (push.Parameters["@remote"], push.Parameters["@branch"]));
    }

    [Fact]
    public void A_push_is_only_tried_when_the_store_has_the_remote()
    {
        var exists = DoltSql.RemoteExists("origin");

        Assert.Equal("SELECT COUNT(*) FROM dolt_remotes WHERE name = @remote", exists.Sql);
        Assert.Equal("origin", exists.Parameters["@remote"]);
    }

    [Theory]
    [InlineData("Ada Lovelace <ada@example.com>", "Ada Lovelace <ada@example.com>")]
    [InlineData("agent-7", "agent-7 <agent-7@beads.invalid>")]
    [InlineData("beads/refinery", "beads/refinery <beads-refinery@beads.invalid>")]
    [InlineData("Zoë", "Zoë <Zo@beads.invalid>")]
    [InlineData("  ", " <beads@beads.invalid>")]
    public void An_author_is_always_a_name_with_an_email_as_Dolt_requires(string actor, string author) =>
        Assert.Equal(author, DoltSql.Author(actor));
}

using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>bd sql against a real host on the embedded store: a table, JSON objects, CSV, and refusals.</summary>
public sealed class BdSqlSpec(BdHostFixture host) : BdSpec(host)
{
    [SkippableFact]
    public async Task Bd_sql_queries_the_projected_tables_as_a_table_json_or_csv()
    {
        RequireBinaries();
        var project = await NewRig("sql", "sq");
        var rig = Path.GetFileName(project);
        var id = await Create(project, "queried, \"quoted\"", "-p", "1", "-l", "db");
        var query = $"SELECT id, title, priority FROM issues WHERE rig = '{rig}'";

        // The tables follow the journal a moment later.
        await Poll.TryUntil(async () => (await Json(project, "sql", query)).AsArray().Count > 0, TimeSpan.FromSeconds(30));

        var rows = (await Json(project, "sql", query)).AsArray();
        var row = Assert.Single(rows)!;
        Assert.Equal(id, (string)row["id"]!);
        Assert.Equal(1, (int)row["priority"]!);

        var table = (await Ok(project, "sql", query)).Stdout;
        Assert.Contains("id", table.Split('\n')[0]);
        Assert.Contains($"{id}  queried, \"quoted\"  1", table);
        Assert.Contains("(1 row)", table);

        var csv = (await Ok(project, "sql", query, "--csv")).Stdout;
        Assert.Equal($"id,title,priority\r\n{id},\"queried, \"\"quoted\"\"\",1\r\n", csv);
    }

    [SkippableFact]
    public async Task Bd_sql_refuses_writes_and_bad_sql_with_a_reason_and_exit_code_1()
    {
        RequireBinaries();
        var project = await NewRig("sqlno", "sn");

        var write = await Bd(project, "sql", "DELETE FROM issues");
        Assert.Equal(1, write.ExitCode);
        Assert.Contains("only reads", write.Stderr);

        var bad = await Bd(project, "sql", "SELECT nonsense FROM no_such_table");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("the database refused the query", bad.Stderr);

        var limited = await Bd(project, "sql", "SELECT 1 UNION ALL SELECT 2", "--limit", "1");
        Assert.Equal(0, limited.ExitCode);
        Assert.Contains("raise --limit", limited.Stderr);

        var beyond = await Bd(project, "sql", "SELECT 1", "--limit", "100001");
        Assert.Equal(2, beyond.ExitCode);
        Assert.Contains("give 1 to 100,000", beyond.Stderr);
    }

    [SkippableFact]
    public async Task Ctrl_c_stops_bd_at_once_and_says_it_was_interrupted()
    {
        RequireBinaries();
        var project = await NewRig("sqlint", "si");
        var environment = BdHostFixture.BdEnvironment(Host.Socket);
        var start = new System.Diagnostics.ProcessStartInfo(RepositoryPaths.Bd,
            ["sql", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"])
        {
            WorkingDirectory = project, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var bd = System.Diagnostics.Process.Start(start)!;
        var stderr = bd.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal(0, Interrupt(bd.Id));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await bd.WaitForExitAsync(deadline.Token);

        Assert.Equal(130, bd.ExitCode);
        Assert.Contains("interrupted before the host answered", await stderr);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    private static int Interrupt(int pid) => Kill(pid, 2); // SIGINT, as Ctrl-C sends it
}

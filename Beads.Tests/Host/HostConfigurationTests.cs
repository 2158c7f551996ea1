using System.Collections;
using Akka.Configuration;
using Beads.Host;
using Xunit;

namespace Beads.Tests.Host;

/// <summary>The host's settings: one precedence rule (flag, then environment, then HOCON) for every one of them.</summary>
public class HostConfigurationTests
{
    private static readonly Config NoHocon = Config.Empty;

    private static HostSettings Read(string[] args, Hashtable? environment = null, Config? hocon = null) =>
        HostConfiguration.Read(args, environment ?? new Hashtable(), hocon ?? NoHocon);

    [Fact]
    public void A_flag_wins_over_its_variable_which_wins_over_HOCON()
    {
        var hocon = ConfigurationFactory.ParseString("""beads.gateway.tls-certificate = "/from/hocon.pfx" """);
        var environment = new Hashtable { ["BEADS_TLS_CERT"] = "/from/environment.pfx" };

        Assert.Equal("/from/hocon.pfx", Read([], hocon: hocon).TlsCertificate);
        Assert.Equal("/from/environment.pfx", Read([], environment, hocon).TlsCertificate);
        Assert.Equal("/from/flag.pfx", Read(["--tls-cert", "/from/flag.pfx"], environment, hocon).TlsCertificate);
    }

    [Fact]
    public void A_repeated_flag_keeps_every_value_and_replaces_the_variables_list()
    {
        var environment = new Hashtable { ["BEADS_CLUSTER_SEEDS"] = "a:1, b:2" };

        Assert.Equal(["a:1", "b:2"], HostSettings.ListOf(Read([], environment).Seeds));
        Assert.Equal(["c:3", "d:4"], HostSettings.ListOf(Read(["--seed", "c:3", "--seed", "d:4"], environment).Seeds));
        Assert.Equal("two", Read(["--node-name", "one", "--node-name", "two"]).NodeName); // a single value: the last wins
    }

    [Fact]
    public void A_switch_takes_no_value_and_BD_HOST_gives_its_first_socket()
    {
        var settings = Read(["--insecure-tcp", "--tcp", "0.0.0.0:7420"],
            new Hashtable { ["BD_HOST"] = "tcp://127.0.0.1:9,unix:///run/one.sock,unix:///run/two.sock" });

        Assert.True(settings.InsecureTcp);
        Assert.Equal("0.0.0.0:7420", settings.Tcp);
        Assert.Equal("/run/one.sock", settings.Socket);
        Assert.False(Read([]).InsecureTcp);
        Assert.Null(Read([], new Hashtable { ["BD_HOST"] = "tcp://127.0.0.1:9" }).Socket);
    }

    [Fact]
    public void An_unknown_argument_or_a_flag_without_its_value_is_a_usage_error()
    {
        Assert.Equal("unknown argument '--sokcet': `Beads.Host --help` lists the flags it takes",
            Assert.Throws<HostUsageException>(() => Read(["--sokcet", "/tmp/x.sock"])).Message);
        Assert.Equal("--data-dir needs a value (DIR)", Assert.Throws<HostUsageException>(() => Read(["--data-dir"])).Message);
        Assert.Equal("--seed needs a value (HOST:PORT)", Assert.Throws<HostUsageException>(() => Read(["--seed", "--help"])).Message);
        Assert.Throws<HostUsageException>(() => Read(["BEADS_DB"])); // an environment-only setting has no flag
    }

    [Fact]
    public void Every_setting_binds_to_its_own_property_and_help_names_it()
    {
        var properties = typeof(HostSettings).GetProperties().Select(property => property.Name).ToHashSet();
        Assert.All(HostConfiguration.Settings, setting => Assert.Contains(setting.Key, properties));
        Assert.Equal(HostConfiguration.Settings.Count, HostConfiguration.Settings.Select(setting => setting.Key).Distinct().Count());
        Assert.All(HostConfiguration.Settings, setting => Assert.Contains(setting.Flag ?? setting.Environment!, HostConfiguration.Usage));
    }

    [Fact]
    public void A_BEADS_DB_that_is_a_file_path_is_named_and_ignored_and_a_connection_string_is_kept()
    {
        var warnings = new StringWriter();
        var fromUi = BeadsHostOptions.From(new HostSettings { DatabaseServer = "/home/me/project/.beads/beads.db" }, warnings);
        Assert.Null(fromUi.DatabaseServer);
        Assert.Contains("BEADS_DB=/home/me/project/.beads/beads.db is a file path", warnings.ToString());

        var server = BeadsHostOptions.From(new HostSettings { DatabaseServer = "Server=127.0.0.1;Database=beads" }, warnings);
        Assert.Equal("Server=127.0.0.1;Database=beads", server.DatabaseServer);
    }
}

using Beads.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The host runs until SIGTERM or Ctrl-C; the generic host then runs Akka's coordinated shutdown, which hands rigs
// off and lets their writes in flight finish before the process exits.
var options = BeadsHostOptions.From(args);
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders().AddSimpleConsole(console => console.SingleLine = true);
builder.Services.AddBeads(options);
var host = builder.Build();
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Beads.Host")
    .LogInformation("Beads host starting; data in {DataDirectory}", options.DataDirectory);
await host.RunAsync();

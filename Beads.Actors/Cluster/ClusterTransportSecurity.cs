using System.Security.Cryptography.X509Certificates;
using Akka.Hosting;
using Akka.Remote.Transport.DotNetty;

namespace Beads.Actors.Cluster;

public static class ClusterTransportSecurity
{
    /// <summary>
    /// Remoting only with a peer that presents <paramref name="certificate"/>: TLS in both directions (each side shows
    /// the certificate and proves it holds its key) and pinned to its thumbprint, so no chain of trust, host name or
    /// certificate authority can let anyone else in. Without this the remoting port accepts any Akka.NET client that
    /// can reach it, and such a client can send rigs and the registry whatever a gateway can.
    /// </summary>
    public static AkkaConfigurationBuilder WithMutualTls(this AkkaConfigurationBuilder builder, X509Certificate2 certificate) =>
        builder
            .AddSetup(new DotNettySslSetup(
                certificate,
                suppressValidation: false,
                requireMutualAuthentication: true,
                customValidator: CertificateValidation.PinnedCertificate(certificate.Thumbprint)))
            .AddHocon("akka.remote.dot-netty.tcp.enable-ssl = on", HoconAddMode.Prepend);
}

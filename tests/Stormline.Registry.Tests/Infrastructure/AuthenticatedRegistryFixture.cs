using System.Net.Http.Headers;
using System.Text;
using Stormline.Registry.Security;

namespace Stormline.Registry.Tests.Infrastructure;

/// <summary>A registry requiring basic authentication, with one user per role (the password is the user's name backwards).</summary>
public sealed class AuthenticatedRegistryFixture : IAsyncLifetime
{
    public const string Reader = "reader";
    public const string Writer = "writer";
    public const string Admin = "admin";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-registry-auth-" + Guid.NewGuid().ToString("N"));

    public SchemaRegistryHost Host { get; private set; } = null!;

    public string Url => Host.Url;

    public static string PasswordOf(string user) => new([.. user.Reverse()]);

    /// <summary>What Confluent's clients take as <c>basic.auth.user.info</c>.</summary>
    public static string UserInfo(string user) => $"{user}:{PasswordOf(user)}";

    public async ValueTask InitializeAsync()
    {
        var options = new RegistryOptions { Port = 0, DataDirectory = _dataDirectory };
        options.Users.Add(new RegistryUser(Reader, RegistryRole.ReadOnly, RegistryPasswordHash.Create(PasswordOf(Reader))));
        options.Users.Add(new RegistryUser(Writer, RegistryRole.Write, RegistryPasswordHash.Create(PasswordOf(Writer))));
        options.Users.Add(new RegistryUser(Admin, RegistryRole.Admin, RegistryPasswordHash.Create(PasswordOf(Admin))));
        Host = await SchemaRegistryHost.StartAsync(options);
    }

    /// <summary>Plain HTTP calls as <paramref name="user"/> with <paramref name="password"/>, or anonymous when null.</summary>
    public RegistryClient As(string? user, string? password = null)
    {
        var http = RegistryFixture.Client(Url);
        if (user is not null)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password ?? PasswordOf(user)}"));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }

        return new RegistryClient(http);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}

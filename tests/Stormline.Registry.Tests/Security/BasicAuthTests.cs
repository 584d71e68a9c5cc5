using Stormline.Registry.Tests.Infrastructure;
using static Stormline.Registry.Tests.Infrastructure.AuthenticatedRegistryFixture;

namespace Stormline.Registry.Tests.Security;

/// <summary>Raw HTTP against a registry with users: 401 without valid credentials, 403 below the role a request needs.</summary>
public sealed class BasicAuthTests(AuthenticatedRegistryFixture fixture) : IClassFixture<AuthenticatedRegistryFixture>
{
    [Fact]
    public async Task Without_valid_credentials_every_request_is_401_with_a_basic_challenge()
    {
        using var anonymous = fixture.As(null);
        using var wrongPassword = fixture.As(Admin, "not-the-password");
        using var unknownUser = fixture.As("mallory", "mallory");
        using var http = RegistryFixture.Client(fixture.Url);

        foreach (var client in new[] { anonymous, wrongPassword, unknownUser })
        {
            var (status, body) = await client.GetAsync("/subjects");
            Assert.Equal(401, status);
            Assert.Equal(401, body!["error_code"]!.GetValue<int>());
            Assert.Equal(401, (await client.PostAsync("/subjects/anon-value/versions", RegistryFixture.SchemaBody(AvroSchemas.OrderV1))).Status);
        }

        using var response = await http.GetAsync("/subjects");
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(RegistryFixture.MediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_read_only_user_reads_and_looks_up_but_gets_403_for_writes()
    {
        using var writer = fixture.As(Writer);
        using var reader = fixture.As(Reader);
        var id = await writer.RegisterAsync("ro-value", AvroSchemas.OrderV1);

        Assert.Equal(id, await reader.IdOfAsync("ro-value", 1));
        Assert.Equal(200, (await reader.PostAsync("/subjects/ro-value", RegistryFixture.SchemaBody(AvroSchemas.OrderV1))).Status);
        Assert.Equal(200, (await reader.PostAsync("/compatibility/subjects/ro-value/versions/latest", RegistryFixture.SchemaBody(AvroSchemas.OrderV2))).Status);

        var (status, body) = await reader.PostAsync("/subjects/ro-value/versions", RegistryFixture.SchemaBody(AvroSchemas.OrderV2));
        Assert.Equal(403, status);
        Assert.Equal(40301, body!["error_code"]!.GetValue<int>());
        Assert.Contains("'reader'", body["message"]!.GetValue<string>());
        Assert.Equal(403, (await reader.SendAsync(HttpMethod.Delete, "/subjects/ro-value")).Status);
        Assert.Equal([1], (await reader.GetAsync("/subjects/ro-value/versions")).Body!.AsArray().Select(v => v!.GetValue<int>()));
    }

    [Fact]
    public async Task Permanent_deletes_and_config_and_mode_changes_need_admin()
    {
        using var writer = fixture.As(Writer);
        using var admin = fixture.As(Admin);
        await writer.RegisterAsync("adm-value", AvroSchemas.OrderV1);
        Assert.Equal(200, (await writer.SendAsync(HttpMethod.Delete, "/subjects/adm-value")).Status); // a soft delete is a write

        Assert.Equal(403, (await writer.SendAsync(HttpMethod.Delete, "/subjects/adm-value?permanent=true")).Status);
        Assert.Equal(403, (await writer.PutAsync("/config/adm-value", """{"compatibility":"NONE"}""")).Status);
        Assert.Equal(403, (await writer.SendAsync(HttpMethod.Delete, "/config/adm-value")).Status);
        Assert.Equal(403, (await writer.PutAsync("/mode/adm-value", """{"mode":"READONLY"}""")).Status);
        Assert.Equal(404, (await admin.GetAsync("/mode/adm-value")).Status); // the refused PUT changed nothing

        Assert.Equal(200, (await admin.PutAsync("/config/adm-value", """{"compatibility":"NONE"}""")).Status);
        Assert.Equal(200, (await admin.PutAsync("/mode/adm-value", """{"mode":"READWRITE"}""")).Status);
        Assert.Equal(200, (await admin.SendAsync(HttpMethod.Delete, "/subjects/adm-value?permanent=true")).Status);
        Assert.Equal(404, (await admin.GetAsync("/subjects/adm-value/versions?deleted=true")).Status);
    }
}

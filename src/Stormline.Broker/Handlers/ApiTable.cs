using System.Reflection;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// The handlers of every API key this broker serves, sorted by key. The table is built from the handler classes
/// themselves, so a new <see cref="ApiHandler"/> is served and advertised in ApiVersions without a second edit.
/// </summary>
internal sealed class ApiTable
{
    private readonly ApiHandler?[] _byKey;

    public ApiTable(BrokerContext broker)
    {
        Handlers = typeof(ApiHandler).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(ApiHandler)))
            .Select(t => (ApiHandler)Activator.CreateInstance(t, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, null, [broker], null)!)
            .OrderBy(h => h.Key)
            .ToList();
        _byKey = new ApiHandler?[(int)Handlers.Max(h => h.Key) + 1];
        foreach (var handler in Handlers)
        {
            _byKey[(int)handler.Key] = handler;
            if (handler is ApiVersionsHandler versions)
            {
                versions.Table = this;
            }
        }
    }

    public IReadOnlyList<ApiHandler> Handlers { get; }

    public ApiHandler? Find(ApiKey key) => (int)key >= 0 && (int)key < _byKey.Length ? _byKey[(int)key] : null;
}

namespace Stormline.EventSourcing.Sagas;

/// <summary>Another runner changed the same saga instance first; the runner retries on fresh state.</summary>
public sealed class SagaConcurrencyException(string sagaType, string correlationId)
    : Exception($"Saga '{sagaType}' instance '{correlationId}' was changed concurrently.");

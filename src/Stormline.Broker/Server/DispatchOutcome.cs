namespace Stormline.Broker.Server;

/// <summary>What a connection does after <see cref="RequestDispatcher"/> has handled one request frame.</summary>
internal enum DispatchOutcome
{
    /// <summary>The response frame is complete in the writer: send it.</summary>
    Respond,

    /// <summary>Kafka sends nothing back (Produce with acks=0); keep reading.</summary>
    NoResponse,

    /// <summary>Send the response, then close (a failed SASL authentication, as Kafka does).</summary>
    RespondAndClose,

    /// <summary>The request cannot be served (undecodable, unknown key or version): close this connection only.</summary>
    Close,
}

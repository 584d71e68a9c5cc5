using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http;

namespace Stormline.OpsConsole.Api;

/// <summary>Turns a refused request into problem+json: <see cref="ConsoleProblem"/> keeps its status, an unreachable cluster is 502.</summary>
internal static class ProblemMiddleware
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (ConsoleProblem problem) when (!context.Response.HasStarted)
        {
            await Results.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Message).ExecuteAsync(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: ex.Message).ExecuteAsync(context);
        }
        catch (JsonException ex) when (!context.Response.HasStarted)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The body is not valid JSON: " + ex.Message).ExecuteAsync(context);
        }
        catch (KafkaException ex) when (!context.Response.HasStarted)
        {
            await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Kafka error", detail: ex.Error.Reason).ExecuteAsync(context);
        }
    }
}

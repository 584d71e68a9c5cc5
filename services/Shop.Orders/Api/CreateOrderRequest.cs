using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Contracts;

namespace Shop.Orders.Api;

/// <summary>
/// The body of POST /orders, validated field by field so every error names its field:
/// {"customerId": "c-1", "lines": [{"sku": "book-1", "quantity": 2, "unitPrice": 12.50}], "currency"?: "EUR",
/// "shippingAddress"?: {"recipient", "street", "city", "postalCode", "phone"?}}. On the wire the order keeps the model's
/// names: customerId is OrderCreated.userId and sku is OrderLine.productId.
/// </summary>
public sealed record CreateOrderRequest(string CustomerId, IReadOnlyList<CreateOrderLine> Lines, string? Currency, AddressRequest? ShippingAddress)
{
    public const int MaxQuantity = 100_000;
    public const decimal MaxUnitPrice = 1_000_000m;

    public static (CreateOrderRequest? Request, Dictionary<string, string[]> Errors) Parse(JsonObject body, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var customerId = Text(body, "customerId", errors, required: true);
        var currency = Text(body, "currency", errors, required: false);
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            errors["currency"] = ["must be a three-letter ISO 4217 code such as EUR"];

        var lines = new List<CreateOrderLine>();
        switch (body["lines"])
        {
            case null:
                errors["lines"] = ["is required: an order needs at least one line"];
                break;
            case JsonArray { Count: 0 }:
                errors["lines"] = ["must contain at least one line"];
                break;
            case JsonArray array when array.Count > maxLines:
                errors["lines"] = [$"must contain at most {maxLines} lines, got {array.Count}"];
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var field = $"lines[{i}]";
                    if (array[i] is not JsonObject line)
                    {
                        errors[field] = ["must be an object with sku, quantity and unitPrice"];
                        continue;
                    }
                    var sku = Text(line, "sku", errors, required: true, prefix: field + ".");
                    var quantity = Number<int>(line, "quantity", errors, field + ".", "an integer");
                    var unitPrice = Number<decimal>(line, "unitPrice", errors, field + ".", "a number");
                    // Upper bounds keep every total far inside decimal's range.
                    if (quantity is <= 0 or > MaxQuantity) errors[field + ".quantity"] = [$"must be from 1 to {MaxQuantity}, got {quantity}"];
                    if (unitPrice is <= 0 or > MaxUnitPrice) errors[field + ".unitPrice"] = [$"must be greater than 0 and at most {MaxUnitPrice}, got {unitPrice}"];
                    if (sku is not null && quantity is > 0 and <= MaxQuantity && unitPrice is > 0 and <= MaxUnitPrice) lines.Add(new CreateOrderLine(sku, quantity.Value, unitPrice.Value));
                }
                break;
            default:
                errors["lines"] = ["must be an array of lines"];
                break;
        }

        AddressRequest? address = null;
        switch (body["shippingAddress"])
        {
            case null:
                break;
            case JsonObject a:
                address = new AddressRequest(
                    Text(a, "recipient", errors, true, "shippingAddress.") ?? "", Text(a, "street", errors, true, "shippingAddress.") ?? "",
                    Text(a, "city", errors, true, "shippingAddress.") ?? "", Text(a, "postalCode", errors, true, "shippingAddress.") ?? "",
                    Text(a, "phone", errors, false, "shippingAddress."));
                break;
            default:
                errors["shippingAddress"] = ["must be an object with recipient, street, city and postalCode"];
                break;
        }

        return errors.Count > 0 || customerId is null ? (null, errors) : (new CreateOrderRequest(customerId, lines, currency, address), errors);
    }

    private static string? Text(JsonObject o, string name, Dictionary<string, string[]> errors, bool required, string prefix = "")
    {
        var node = o[name];
        if (node is null)
        {
            if (required) errors[prefix + name] = ["is required"];
            return null;
        }
        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors[prefix + name] = [$"must be a string, got {Kind(node)}"];
            return null;
        }
        var value = node.GetValue<string>().Trim();
        if (value.Length == 0 || value.Length > 200)
        {
            errors[prefix + name] = ["must be 1 to 200 characters"];
            return null;
        }
        return value;
    }

    private static T? Number<T>(JsonObject o, string name, Dictionary<string, string[]> errors, string prefix, string expected) where T : struct
    {
        var node = o[name];
        if (node is null)
        {
            errors[prefix + name] = ["is required"];
            return null;
        }
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<T>(out var value)) return value;
        errors[prefix + name] = [$"must be {expected}, got {(node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString() : Kind(node))}"];
        return null;
    }

    private static string Kind(JsonNode node) => node.GetValueKind().ToString().ToLowerInvariant();

    public Address Address() => ShippingAddress is { } a
        ? new Address(a.Recipient, a.Street, a.City, a.PostalCode, a.Phone)
        : new Address(CustomerId, "", "", "", null); // no address given: the customer collects it
}

public sealed record CreateOrderLine(string Sku, int Quantity, decimal UnitPrice)
{
    public OrderLine ToContract() => new(Sku, Quantity, UnitPrice);
}

public sealed record AddressRequest(string Recipient, string Street, string City, string PostalCode, string? Phone);

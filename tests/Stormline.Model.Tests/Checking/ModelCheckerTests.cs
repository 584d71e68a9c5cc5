using Stormline.Model.Checking;

namespace Stormline.Model.Tests.Checking;

/// <summary>One small broken model per check, asserting the exact message and where it points.</summary>
public sealed class ModelCheckerTests
{
    // A clean one-context model; tests vary one line of it. Line 10 is the command, line 13 the event's fields.
    private static string Order(string command = "CreateOrder: { actor: Customer, emits: [OrderCreated] }", string eventName = "OrderCreated",
        string fields = "{ orderId: string }", string extra = "") => $$"""
        system: s
        actors:
          Customer: {}
        contexts:
          order:
            aggregates:
              Order:
                id: orderId
                commands:
                  {{command}}
            events:
              {{eventName}}:
                fields: {{fields}}
            readModels:
              OrderSummary: { from: [{{eventName}}] }
        {{extra}}
        """;

    [Fact]
    public void Shop_model_checks_clean()
    {
        Assert.Empty(ModelChecker.Check(ModelText.Shop()));
    }

    [Fact]
    public void Base_model_of_these_tests_checks_clean()
    {
        Assert.Empty(ModelText.Check(Order()));
    }

    [Fact]
    public void Event_not_in_past_tense_is_an_error()
    {
        var found = ModelText.Check(Order(command: "CreateOrder: { actor: Customer, emits: [OrderCreate] }", eventName: "OrderCreate"));

        Assert.Equal("test.storm.yaml:12:7: error event-tense: event OrderCreate is not in the past tense: its last word 'Create' should say what happened, e.g. OrderCreated; "
            + "if 'Create' is already past tense, add it to vocabulary.pastTense", ModelText.Single(found));
    }

    [Fact]
    public void Vocabulary_teaches_the_heuristic_a_past_tense()
    {
        var found = ModelText.Check(Order(command: "CreateOrder: { actor: Customer, emits: [OrderUpsold] }", eventName: "OrderUpsold",
            extra: "vocabulary: { pastTense: [Upsold] }"));

        Assert.Empty(found);
    }

    [Fact]
    public void Command_starting_with_a_past_tense_is_an_error()
    {
        var found = ModelText.Check(Order(command: "CreatedOrder: { actor: Customer, emits: [OrderCreated] }"));

        Assert.Equal("test.storm.yaml:10:11: error command-mood: command CreatedOrder is not in the imperative: it starts with the past tense 'Created'; "
            + "name it verb-first in the imperative, e.g. CreateOrder; if 'Created' is an imperative verb, add it to vocabulary.imperative", ModelText.Single(found));
    }

    [Fact]
    public void Command_named_like_an_event_is_an_error()
    {
        var found = ModelText.Check(Order(command: "OrderPlaced: { actor: Customer, emits: [OrderCreated] }"));

        Assert.Equal("test.storm.yaml:10:11: error command-mood: command OrderPlaced reads like an event (it ends with the past tense 'Placed'); "
            + "a command asks for something to be done, verb first in the imperative (CancelOrder, not OrderCancelled)", ModelText.Single(found));
    }

    [Theory]
    [InlineData("MarkOrderPaid")]
    [InlineData("ProceedToCheckout")]
    [InlineData("SendSMSCode")]
    public void Imperative_commands_pass_the_heuristic(string name)
    {
        Assert.Null(NamingRules.CommandProblem(name, Model.Elements.Vocabulary.Empty));
    }

    [Theory]
    [InlineData("PaymentFailed")]
    [InlineData("OrderPaid")]
    [InlineData("InvoiceSent")]
    [InlineData("DeliveryStarted")]
    public void Past_tense_events_pass_the_heuristic(string name)
    {
        Assert.Null(NamingRules.EventProblem(name, Model.Elements.Vocabulary.Empty));
    }

    [Fact]
    public void Command_emitting_an_undeclared_event_is_an_error_with_a_suggestion()
    {
        var found = ModelText.Check(Order(command: "CreateOrder: { actor: Customer, emits: [OrderCreated, OrderCreatd] }"));

        Assert.Equal("test.storm.yaml:10:65: error unknown-event: command CreateOrder emits OrderCreatd, which is not declared; "
            + "add it under 'events:' of context order (did you mean OrderCreated?)", ModelText.Single(found));
    }

    [Fact]
    public void Policy_sending_an_undeclared_command_is_an_error()
    {
        var found = ModelText.Check(Order(extra: """
              billing:
                policies:
                  - { when: OrderCreated, then: IssueInvoice }
            """));

        Assert.Equal("test.storm.yaml:18:37: error unknown-command: policy WhenOrderCreatedThenIssueInvoice sends IssueInvoice, which is not declared; "
            + "add it under an aggregate's 'commands:'", ModelText.Single(found));
    }

    [Fact]
    public void Policy_reacting_to_an_event_nobody_emits_is_an_error()
    {
        var found = ModelText.Check(Order(command: "CreateOrder: { actor: Customer }") + """

              billing:
                policies:
                  - { when: OrderCreated, then: CreateOrder }
            """);

        Assert.Equal(
            [
                "test.storm.yaml:19:17: error unemitted-event: policy WhenOrderCreatedThenCreateOrder reacts to OrderCreated, but no command or external system emits it, so it never fires; add the event to a command's 'emits:'",
                "test.storm.yaml:10:11: warning no-events: command CreateOrder emits no event; list what it causes in 'emits:'",
                "test.storm.yaml:12:7: warning unemitted-event: event OrderCreated is emitted by no command or external system",
            ],
            found.Select(d => d.ToString()));
    }

    [Fact]
    public void Event_nobody_consumes_is_a_warning()
    {
        var found = ModelText.Check(Order(command: "CreateOrder: { actor: Customer, emits: [OrderCreated, OrderPriced] }",
            fields: "{ orderId: string }\n      OrderPriced:\n        fields: { orderId: string }"));

        var warning = Assert.Single(found);
        Assert.Equal("test.storm.yaml:14:7: warning unconsumed-event: event OrderPriced has no consumer: no policy reacts to it and no read model is fed by it", warning.ToString());
        Assert.False(warning.IsError);
    }

    [Fact]
    public void Command_nobody_sends_is_a_warning()
    {
        var found = ModelText.Check(Order(command: "CreateOrder: { emits: [OrderCreated] }"));

        Assert.Equal("test.storm.yaml:10:11: warning unsent-command: command CreateOrder is sent by nobody: give it an 'actor:' or add a policy 'then: CreateOrder'", ModelText.Single(found));
    }

    [Fact]
    public void Read_model_fed_by_nothing_is_a_warning()
    {
        var found = ModelText.Check(Order(extra: """
              reporting:
                readModels: [DailySales]
            """));

        Assert.Equal("test.storm.yaml:17:18: warning unfed-read-model: read model DailySales is fed by no event; list its sources in 'from:'", ModelText.Single(found));
    }

    [Fact]
    public void Event_declared_twice_is_an_error_pointing_at_both()
    {
        var found = ModelText.Check(Order(extra: """
              audit:
                events:
                  OrderCreated:
                    fields: { orderId: string }
            """));

        Assert.Equal("test.storm.yaml:18:7: error duplicate-name: event or type OrderCreated is declared twice; the first is at test.storm.yaml:12:7",
            found.First(d => d.IsError).ToString());
    }

    [Fact]
    public void Aggregate_in_two_contexts_is_an_error()
    {
        var found = ModelText.Check(Order(extra: """
              billing:
                aggregates:
                  Order: { id: orderId }
            """));

        Assert.Equal("test.storm.yaml:18:7: error aggregate-in-two-contexts: aggregate Order is in contexts order (at test.storm.yaml:7:7) and billing; "
            + "an aggregate belongs to exactly one bounded context: keep one, and let the other context react to its events", found.First(d => d.IsError).ToString());
    }

    [Fact]
    public void Event_without_its_aggregate_id_is_an_error()
    {
        var found = ModelText.Check(Order(fields: "{ customerId: string }"));

        Assert.Equal("test.storm.yaml:12:7: error missing-id-field: event OrderCreated is emitted by aggregate Order but has no field 'orderId' "
            + "(the aggregate's id, and the Kafka key that keeps its events in order); add 'orderId: string'", ModelText.Single(found));
    }

    [Fact]
    public void Field_of_unknown_type_is_an_error()
    {
        var found = ModelText.Check(Order(fields: "{ orderId: string, total: Money, lines: \"OrderLine[]\" }"));

        Assert.Equal(
            [
                "test.storm.yaml:13:43: error unknown-type: field total of event OrderCreated has type 'Money', but 'Money' is neither a built-in type (string, int, long, double, decimal, bool, timestamp, date, uuid, bytes) nor a declared type; declare it under a context's 'types:'",
                "test.storm.yaml:13:57: error unknown-type: field lines of event OrderCreated has type 'OrderLine[]', but 'OrderLine' is neither a built-in type (string, int, long, double, decimal, bool, timestamp, date, uuid, bytes) nor a declared type; declare it under a context's 'types:'",
            ],
            found.Select(d => d.ToString()));
    }

    [Fact]
    public void Command_sent_by_an_undeclared_actor_is_an_error()
    {
        var found = ModelText.Check(Order(command: "CreateOrder: { actor: Custmer, emits: [OrderCreated] }"));

        Assert.Equal("test.storm.yaml:10:33: error unknown-actor: command CreateOrder is sent by actor Custmer, which is not declared; add it under 'actors:' (did you mean Customer?)", ModelText.Single(found));
    }

    [Fact]
    public void Command_emitting_another_contexts_event_is_an_error()
    {
        var found = ModelText.Check(Order(command: "CreateOrder: { actor: Customer, emits: [OrderCreated, InvoiceIssued] }", extra: """
              billing:
                events:
                  InvoiceIssued:
                    fields: { orderId: string }
                readModels:
                  Invoices: { from: [InvoiceIssued] }
            """));

        Assert.Equal("test.storm.yaml:10:65: error foreign-event: command CreateOrder (context order) emits InvoiceIssued, which belongs to context billing; "
            + "a context publishes only its own events on order-events: move the event, or react to it with a policy", ModelText.Single(found));
    }

    [Fact]
    public void Context_name_must_be_usable_in_a_topic_name()
    {
        var found = ModelText.Check(Order().Replace("  order:", "  Order_Context:", StringComparison.Ordinal));

        Assert.Equal("test.storm.yaml:5:3: error bad-name: context 'Order_Context' should be lower-case letters, digits and '-' (it names the topic Order_Context-events), e.g. 'order'", ModelText.Single(found));
    }
}

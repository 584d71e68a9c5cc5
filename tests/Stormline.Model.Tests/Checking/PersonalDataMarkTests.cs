using Stormline.Model.Checking;
using Stormline.Model.Elements;

namespace Stormline.Model.Tests.Checking;

/// <summary><c>pii</c> marks and the event's <c>subject</c>: how they parse, and each finding on a small broken model.</summary>
public sealed class PersonalDataMarkTests
{
    // Line 12 is the event, 13 its subject line, 15 the email field.
    private static string Customer(string subject = "subject: customerId", string email = "{ type: string, pii: contact }", string street = "{ type: string, pii: true }") => $$"""
        system: s
        actors:
          Shopper: {}
        contexts:
          customer:
            aggregates:
              Customer:
                id: customerId
                commands:
                  RegisterCustomer: { actor: Shopper, emits: [CustomerRegistered] }
            events:
              CustomerRegistered:
                {{subject}}
                fields:
                  email: {{email}}
                  customerId: string
                  address: Address
            types:
              Address:
                fields: { street: {{street}}, city: string }
            readModels:
              CustomerList: { from: [CustomerRegistered] }
        """;

    [Fact]
    public void Marks_parse_with_their_classification_and_the_event_names_its_subject()
    {
        var model = ModelText.Parse(Customer());
        var registered = model.FindEvent("CustomerRegistered")!;

        Assert.Equal("customerId", registered.Subject!.Name);
        Assert.Equal("contact", registered.Fields.Single(f => f.Name == "email").Pii!.Classification);
        Assert.Equal(["PII", "contact"], registered.Fields.Single(f => f.Name == "email").Pii!.Tags);
        Assert.Null(registered.Fields.Single(f => f.Name == "customerId").Pii);
        Assert.Equal(["PII"], model.FindValueObject("Address")!.Fields.Single(f => f.Name == "street").Pii!.Tags);
        Assert.Equal(["email", "address.street"], PersonalDataPaths.Of(model, registered).Select(p => p.Path));
        Assert.Empty(ModelChecker.Check(model));
    }

    [Fact]
    public void Pii_false_is_no_mark()
    {
        var model = ModelText.Parse(Customer(subject: "label: x", email: "{ type: string, pii: false }", street: "string"));

        Assert.Empty(PersonalDataPaths.Of(model, model.FindEvent("CustomerRegistered")!));
    }

    [Fact]
    public void A_pii_value_that_is_not_a_word_is_an_error()
    {
        var found = ModelText.ParseErrors(Customer(email: "{ type: string, pii: 'very secret' }"));

        Assert.Equal("test.storm.yaml:15:39: error bad-value: pii of field email should be true, false or a classification word (letters, digits, '-' or '_'), e.g. 'pii: contact'",
            ModelText.Single(found));
    }

    [Fact]
    public void Personal_data_without_a_subject_is_an_error()
    {
        var found = ModelText.Check(Customer(subject: "label: registered"));

        Assert.Equal("test.storm.yaml:12:7: error pii-without-subject: event CustomerRegistered carries personal data (email, address.street) but names no data subject; "
            + "add 'subject: <field>' naming the field that identifies the person, e.g. 'subject: userId'", ModelText.Single(found));
    }

    [Fact]
    public void A_subject_that_is_not_a_field_is_an_error_with_a_suggestion()
    {
        var found = ModelText.Check(Customer(subject: "subject: customerID"));

        Assert.Equal("test.storm.yaml:13:18: error unknown-subject: event CustomerRegistered names subject customerID, which is not one of its fields (did you mean customerId?)",
            ModelText.Single(found));
    }

    [Fact]
    public void A_subject_marked_pii_is_an_error()
    {
        var found = ModelText.Check(Customer(subject: "subject: email"));

        Assert.Contains("error pii-subject: the subject field email of event CustomerRegistered is marked pii", ModelText.Single(found), StringComparison.Ordinal);
    }

    [Fact]
    public void A_subject_that_is_not_one_scalar_is_an_error()
    {
        var found = ModelText.Check(Customer(subject: "subject: address"));

        Assert.Equal("test.storm.yaml:13:18: error bad-subject: the subject field address of event CustomerRegistered has type 'Address'; a subject is one required string, uuid, long, int value",
            ModelText.Single(found));
    }

    [Fact]
    public void A_subject_without_personal_data_is_a_warning()
    {
        var found = ModelText.Check(Customer(email: "string", street: "string"));

        Assert.Equal("test.storm.yaml:13:18: warning subject-without-pii: event CustomerRegistered names subject customerId but has no field marked 'pii'; mark the personal fields, or drop 'subject'",
            ModelText.Single(found));
    }

    [Fact]
    public void The_shop_marks_the_addresses_of_orders_and_deliveries_as_personal_data_of_their_user()
    {
        var shop = ModelText.Shop();
        var created = shop.FindEvent("OrderCreated")!;
        var started = shop.FindEvent("DeliveryStarted")!;

        Assert.Equal("userId", created.Subject!.Name);
        Assert.Equal(["shippingAddress"], PersonalDataPaths.Of(shop, created).Select(p => p.Path));
        Assert.Equal("userId", started.Subject!.Name);
        Assert.Equal(["address"], PersonalDataPaths.Of(shop, started).Select(p => p.Path));
        Assert.Equal(["OrderCreated", "DeliveryStarted"], shop.Events.Where(e => PersonalDataPaths.Of(shop, e).Any()).Select(e => e.Name));
    }
}

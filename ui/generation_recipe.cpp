#include "generation_recipe.h"

#include <QJsonArray>

namespace {

QJsonArray toArray(const QStringList& list) {
    QJsonArray out;
    for (const QString& s : list) out.append(s);
    return out;
}

// 64-bit seeds as decimal text: JSON numbers lose precision above 2^53 in most readers.
QString seedText(quint64 seed) { return QString::number(seed); }

bool readSeed(const QJsonValue& value, quint64* seed) {
    bool ok = false;
    *seed = value.isString() ? value.toString().toULongLong(&ok) : 0;
    if (!ok && value.isDouble() && value.toDouble() >= 0) {
        *seed = static_cast<quint64>(value.toDouble());
        ok = true;
    }
    return ok;
}

}  // namespace

QJsonObject GenerationRecipe::toJson() const {
    QJsonArray history;
    for (const auto& h : historyUsed)
        history.append(QJsonObject{{"index", h.index}, {"title", h.title}, {"source", h.sourcePath}});
    QJsonArray variantList;
    for (const auto& v : variants)
        variantList.append(QJsonObject{{"number", v.number}, {"seed", seedText(v.seed)}, {"title", v.title}, {"state", v.state}});
    return QJsonObject{
        {"format", kFormat},
        {"version", kVersion},
        {"brief", QJsonObject{{"product", productPath},
                              {"selling_points", toArray(sellingPoints)},
                              {"original_title", originalTitle},
                              {"description", description}}},
        {"shopper", QJsonObject{{"name", shopperName},
                                {"profile_id", profileId},
                                {"clicks", shopperClickCount},
                                {"history_used", history}}},
        {"sampling", QJsonObject{{"history_length", historyLength},
                                 {"history_sampling", sampling},
                                 {"history_seed", seedText(samplingSeed)},
                                 {"title_temperature", titleTemperature},
                                 {"image_temperature", imageTemperature},
                                 {"cfg_weight", cfgWeight},
                                 {"factual_copy", factualCopy}}},
        {"variants", variantList},
        {"model", QJsonObject{{"name", modelName},
                              {"directory", modelDirectory},
                              {"fingerprint", modelFingerprint},
                              {"device", device},
                              {"dtype", dtype}}},
        {"app_version", appVersion},
        {"created", created.toUTC().toString(Qt::ISODateWithMs)},
    };
}

std::optional<GenerationRecipe> GenerationRecipe::fromJson(const QJsonObject& json, QString* error) {
    const auto fail = [&](const QString& why) -> std::optional<GenerationRecipe> {
        if (error) *error = why;
        return std::nullopt;
    };
    if (json.value("format").toString() != QLatin1String(kFormat)) return fail(QStringLiteral("it is not an AdGen recipe"));
    if (json.value("version").toInt() > kVersion)
        return fail(QStringLiteral("it was written by a newer AdGen Studio (recipe version %1)").arg(json.value("version").toInt()));
    GenerationRecipe r;
    const QJsonObject brief = json.value("brief").toObject();
    r.productPath = brief.value("product").toString();
    for (const auto& p : brief.value("selling_points").toArray()) r.sellingPoints << p.toString();
    r.originalTitle = brief.value("original_title").toString();
    r.description = brief.value("description").toString();

    const QJsonObject shopper = json.value("shopper").toObject();
    r.shopperName = shopper.value("name").toString();
    r.profileId = static_cast<qint64>(shopper.value("profile_id").toDouble(-1));
    r.shopperClickCount = shopper.value("clicks").toInt();
    for (const auto& h : shopper.value("history_used").toArray()) {
        const QJsonObject o = h.toObject();
        r.historyUsed.append({o.value("index").toInt(), o.value("title").toString(), o.value("source").toString()});
    }

    const QJsonObject sampling = json.value("sampling").toObject();
    r.historyLength = sampling.value("history_length").toInt(-1);
    r.sampling = sampling.value("history_sampling").toString(QStringLiteral("pss"));
    if (sampling.contains("history_seed") && !readSeed(sampling.value("history_seed"), &r.samplingSeed))
        return fail(QStringLiteral("its history seed is not a whole number"));
    r.titleTemperature = sampling.value("title_temperature").toDouble(1.0);
    r.imageTemperature = sampling.value("image_temperature").toDouble(1.0);
    r.cfgWeight = sampling.value("cfg_weight").toDouble(5.0);
    r.factualCopy = sampling.value("factual_copy").toBool();

    for (const auto& v : json.value("variants").toArray()) {
        const QJsonObject o = v.toObject();
        Variant variant;
        variant.number = o.value("number").toInt(1);
        if (!readSeed(o.value("seed"), &variant.seed))
            return fail(QStringLiteral("variant %1 has no whole-number seed").arg(variant.number));
        variant.title = o.value("title").toString();
        variant.state = o.value("state").toString();
        r.variants.append(variant);
    }

    const QJsonObject model = json.value("model").toObject();
    r.modelName = model.value("name").toString();
    r.modelDirectory = model.value("directory").toString();
    r.modelFingerprint = model.value("fingerprint").toString();
    r.device = model.value("device").toString();
    r.dtype = model.value("dtype").toString();
    r.appVersion = json.value("app_version").toString();
    r.created = QDateTime::fromString(json.value("created").toString(), Qt::ISODateWithMs);
    return r;
}

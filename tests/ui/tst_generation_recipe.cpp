// GenerationRecipe: written to JSON and read back unchanged, 64-bit seeds exact, bad recipes named.
#include <QJsonArray>
#include <QtTest>

#include "generation_recipe.h"

class TestGenerationRecipe : public QObject {
    Q_OBJECT

    static GenerationRecipe sample() {
        GenerationRecipe r;
        r.productPath = QStringLiteral("/briefs/保温杯.png");
        r.sellingPoints = {QStringLiteral("Lightweight"), QStringLiteral("大容量")};
        r.originalTitle = QStringLiteral("Nimbus bottle");
        r.shopperName = QStringLiteral("shopper-001");
        r.profileId = 7;
        r.shopperClickCount = 12;
        r.historyUsed = {{3, QStringLiteral("Lamp"), QStringLiteral("/c/3.png")}, {0, QStringLiteral("Mug"), {}}};
        r.historyLength = 2;
        r.sampling = QStringLiteral("most-similar");
        r.samplingSeed = 42;
        r.titleTemperature = 0.6;
        r.imageTemperature = 0.5;
        r.cfgWeight = 3;
        r.factualCopy = true;
        r.variants = {{1, 18446744073709551615ULL, QStringLiteral("Copy one"), QStringLiteral("done")},
                      {2, 9007199254740993ULL, {}, QStringLiteral("cancelled")}};
        r.modelName = QStringLiteral("adgen-demo");
        r.modelFingerprint = QStringLiteral("abc123");
        r.device = QStringLiteral("cpu");
        r.dtype = QStringLiteral("float32");
        r.appVersion = QStringLiteral("0.1.0");
        r.created = QDateTime(QDate(2026, 12, 6), QTime(10, 0, 0, 5), Qt::UTC);
        return r;
    }

private Q_SLOTS:
    void roundTripsEveryField() {
        const GenerationRecipe r = sample();
        const auto back = GenerationRecipe::fromJson(r.toJson());
        QVERIFY(back);
        QCOMPARE(back->toJson(), r.toJson());
        QCOMPARE(back->variants[0].seed, 18446744073709551615ULL);
        QCOMPARE(back->variants[1].seed, 9007199254740993ULL);  // 2^53 + 1: lost as a JSON number
        QCOMPARE(back->sellingPoints[1], QStringLiteral("大容量"));
        QCOMPARE(back->historyUsed[0].index, 3);
        QVERIFY(back->factualCopy);
        QCOMPARE(back->created, r.created);
    }

    void seedsAreWrittenAsText() {
        const QJsonObject json = sample().toJson();
        QCOMPARE(json["variants"].toArray()[0].toObject()["seed"].toString(), QStringLiteral("18446744073709551615"));
        QCOMPARE(json["format"].toString(), QStringLiteral("adgen-recipe"));
    }

    void otherJsonIsNotARecipe() {
        QString error;
        QVERIFY(!GenerationRecipe::fromJson(QJsonObject{{"format", "adgen-brief"}}, &error));
        QVERIFY2(error.contains(QStringLiteral("not an AdGen recipe")), qPrintable(error));
    }

    void aNewerVersionIsRefused() {
        QJsonObject json = sample().toJson();
        json["version"] = 99;
        QString error;
        QVERIFY(!GenerationRecipe::fromJson(json, &error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
    }

    void aBadSeedIsNamed() {
        QJsonObject json = sample().toJson();
        QJsonArray variants = json["variants"].toArray();
        QJsonObject v = variants[1].toObject();
        v["seed"] = QStringLiteral("lucky");
        variants[1] = v;
        json["variants"] = variants;
        QString error;
        QVERIFY(!GenerationRecipe::fromJson(json, &error));
        QVERIFY2(error.contains(QStringLiteral("variant 2")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestGenerationRecipe)
#include "tst_generation_recipe.moc"

#pragma once

#include "variants_model.h"

#include <QObject>
#include <QString>
#include <QVariantList>

#include <cstdint>
#include <vector>

class GenerationController;
class ModelController;
class ProfileStore;

// "Same product, several shoppers, same seed": one ad of the brief for each chosen shopper
// profile, all with one seed and the generation panel's settings, so the only thing that differs
// between the cells is the shopper's history. Personalization at a glance. The ads are queued
// on the engine thread one after another and stream into `cells` (one row per shopper, labelled
// with the shopper's name).
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class ShopperGridController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShopperGridController)
    Q_PROPERTY(VariantsModel* cells READ cells CONSTANT)
    // Decimal text: 64-bit seeds exceed JavaScript numbers.
    Q_PROPERTY(QString seed READ seed WRITE setSeed NOTIFY seedChanged)
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(int finishedCount READ finishedCount NOTIFY progressChanged)
    // Per cell, who the shopper is: {"id", "name", "notes", "clickIds": the first clicks' ids}.
    Q_PROPERTY(QVariantList shoppers READ shoppers NOTIFY runningChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    static constexpr int kMaxShoppers = 8;
    static constexpr int kClicksShown = 4;

    ShopperGridController(GenerationController* generation, ModelController* model, ProfileStore* profiles,
                          QObject* parent = nullptr);
    ~ShopperGridController() override;

    VariantsModel* cells() { return &cells_; }
    QString seed() const { return QString::number(seed_); }
    void setSeed(const QString& seed);
    bool running() const;
    int finishedCount() const { return cells_.finishedCount(); }
    QVariantList shoppers() const { return shoppers_; }
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

    // One ad per profile id (2 to kMaxShoppers), in that order; a running grid is cancelled first.
    Q_INVOKABLE bool generate(const QVariantList& profileIds);
    Q_INVOKABLE void cancelAll();
    Q_INVOKABLE void cancelCell(int cell);
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void seedChanged();
    void runningChanged();
    void progressChanged();
    void errorChanged();
    // Every cell finished, was cancelled or failed.
    void finished();

private:
    void onEvent(int cell, const adgen::GenerationEvent& event);
    void cellEnded(int cell);
    void setError(const QString& problem, const QString& fix);

    GenerationController* generation_;
    ModelController* model_;
    ProfileStore* profiles_;
    VariantsModel cells_;
    quint64 seed_ = 1;
    std::vector<uint64_t> jobs_;  // per cell; 0 once the cell's job ended
    QVariantList shoppers_;
    QString error_;
    QString errorFix_;
};

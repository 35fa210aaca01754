#include "shopper_grid_controller.h"

#include "generation_controller.h"
#include "model_controller.h"
#include "profile_store.h"
#include "shopper_clicks.h"

#include <QMetaObject>
#include <QPointer>
#include <QStringList>

#include <algorithm>

ShopperGridController::ShopperGridController(GenerationController* generation, ModelController* model,
                                             ProfileStore* profiles, QObject* parent)
    : QObject(parent), generation_(generation), model_(model), profiles_(profiles) {}

ShopperGridController::~ShopperGridController() { cancelAll(); }

bool ShopperGridController::running() const {
    return std::any_of(jobs_.begin(), jobs_.end(), [](uint64_t job) { return job != 0; });
}

void ShopperGridController::setSeed(const QString& seed) {
    bool ok = false;
    const quint64 value = seed.trimmed().toULongLong(&ok);
    if (!ok) {
        setError(tr("The seed \"%1\" is not a whole number.").arg(seed), tr("Use a number from 0 to 18446744073709551615."));
        Q_EMIT seedChanged();
        return;
    }
    if (value == seed_) return;
    seed_ = value;
    Q_EMIT seedChanged();
}

bool ShopperGridController::generate(const QVariantList& profileIds) {
    clearError();
    if (profileIds.size() < 2 || profileIds.size() > kMaxShoppers) {
        setError(tr("The shopper grid needs 2 to %1 shoppers; %2 are ticked.").arg(kMaxShoppers).arg(profileIds.size()),
                 tr("Tick the shoppers to compare in the list."));
        return false;
    }
    // Every request first, so a problem (a deleted profile, no product) starts nothing.
    std::vector<adgen::AdRequest> requests;
    QStringList names;
    QVariantList shoppers;
    for (const QVariant& id : profileIds) {
        const qint64 profileId = id.toLongLong();
        const auto summary = profiles_ ? profiles_->profile(profileId) : std::nullopt;
        if (!summary) {
            setError(tr("The shopper profile %1 is not in the library.").arg(profileId), tr("Tick shoppers from the list."));
            return false;
        }
        const QList<ProfileClick> clicks = profiles_->clicks(profileId);
        auto request = generation_->requestFor(toShopperClicks(clicks), {seed_});
        if (!request) {
            setError(generation_->error(), generation_->errorFix());
            generation_->clearError();
            return false;
        }
        requests.push_back(std::move(*request));
        names << summary->name;
        QVariantList clickIds;
        for (qsizetype i = 0; i < clicks.size() && i < kClicksShown; ++i) clickIds.append(clicks[i].id);
        shoppers.append(QVariantMap{{QStringLiteral("id"), profileId},
                                    {QStringLiteral("name"), summary->name},
                                    {QStringLiteral("notes"), summary->notes},
                                    {QStringLiteral("clickIds"), clickIds}});
    }
    cancelAll();

    const auto info = model_->engine().modelInfo();
    cells_.start(std::vector<quint64>(requests.size(), seed_), static_cast<int>(info->gridSize),
                 static_cast<int>(info->imageSize), names);
    jobs_.assign(requests.size(), 0);
    shoppers_ = shoppers;
    QPointer<ShopperGridController> self(this);
    for (size_t cell = 0; cell < requests.size(); ++cell) {
        const int row = static_cast<int>(cell);
        jobs_[cell] = model_->engine().generateAd(requests[cell], [self, row](const adgen::GenerationEvent& event) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, row, event] {
                    if (self) self->onEvent(row, event);
                },
                Qt::QueuedConnection);
        });
    }
    Q_EMIT runningChanged();
    Q_EMIT progressChanged();
    return true;
}

void ShopperGridController::cancelAll() {
    for (const uint64_t job : jobs_)
        if (job != 0) model_->engine().cancel(job);
}

void ShopperGridController::cancelCell(int cell) {
    if (cell >= 0 && cell < static_cast<int>(jobs_.size()) && jobs_[static_cast<size_t>(cell)] != 0)
        model_->engine().cancel(jobs_[static_cast<size_t>(cell)]);
}

void ShopperGridController::onEvent(int cell, const adgen::GenerationEvent& e) {
    using Type = adgen::GenerationEvent::Type;
    if (cell >= static_cast<int>(jobs_.size()) || e.generation != jobs_[static_cast<size_t>(cell)]) return;
    if (cells_.apply(cell, e)) {
        if (e.type == Type::VariantDone) Q_EMIT progressChanged();
        return;
    }
    switch (e.type) {
        case Type::Error:
            cells_.setState(cell, VariantsModel::State::Failed);
            setError(QString::fromStdString(e.error), QString::fromStdString(e.errorFix));
            cellEnded(cell);
            break;
        case Type::Cancelled:  // the whole job: this cell
            cells_.setState(cell, VariantsModel::State::Cancelled);
            cellEnded(cell);
            break;
        case Type::Done:
            cells_.setState(cell, VariantsModel::State::Cancelled);  // only if it never finished
            cellEnded(cell);
            break;
        default:
            break;
    }
}

void ShopperGridController::cellEnded(int cell) {
    jobs_[static_cast<size_t>(cell)] = 0;
    cells_.flush();
    Q_EMIT progressChanged();
    if (running()) return;
    Q_EMIT runningChanged();
    Q_EMIT finished();
}

void ShopperGridController::setError(const QString& problem, const QString& fix) {
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}

void ShopperGridController::clearError() {
    if (error_.isEmpty() && errorFix_.isEmpty()) return;
    setError({}, {});
}

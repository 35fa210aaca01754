#include "generation_history_model.h"

#include <QSet>

GenerationHistoryModel::GenerationHistoryModel(QObject* parent) : KeyedRowsModel(parent) {}

GenerationHistoryModel::~GenerationHistoryModel() = default;

QVariant GenerationHistoryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const GenerationSummary& row = rows_.at(index.row());
    switch (role) {
        case GenerationIdRole: return row.id;
        case CreatedRole: return row.created.toLocalTime();
        case Qt::DisplayRole:
        case ProductNameRole: return row.productName;
        case ShopperNameRole: return row.shopperName;
        case ModelNameRole: return row.modelName;
        case VariantCountRole: return row.variantCount;
        case FinishedCountRole: return row.finishedCount;
        case StarredRole: return row.starred;
        case StateRole: return row.state;
        case FirstVariantIdRole: return row.firstVariantId;
        case TitlesRole: return row.titles;
        default: return {};
    }
}

QHash<int, QByteArray> GenerationHistoryModel::roleNames() const {
    return {{GenerationIdRole, "generationId"}, {CreatedRole, "created"},
            {ProductNameRole, "productName"},   {ShopperNameRole, "shopperName"},
            {ModelNameRole, "modelName"},       {VariantCountRole, "variantCount"},
            {FinishedCountRole, "finishedCount"}, {StarredRole, "starred"},
            {StateRole, "state"},               {FirstVariantIdRole, "firstVariantId"},
            {TitlesRole, "titles"}};
}

void GenerationHistoryModel::setStore(GenerationHistoryStore* store) {
    if (store == store_) return;
    if (store_) disconnect(store_, nullptr, this, nullptr);
    store_ = store;
    if (store_) {
        connect(store_, &GenerationHistoryStore::changed, this, &GenerationHistoryModel::refresh);
        connect(store_, &QObject::destroyed, this, [this] { apply({}); });
    }
    refresh();
    Q_EMIT storeChanged();
}

void GenerationHistoryModel::setQuery(const QString& query) {
    if (query == query_) return;
    query_ = query;
    refresh();
    Q_EMIT queryChanged();
}

void GenerationHistoryModel::setStarredOnly(bool starredOnly) {
    if (starredOnly == starredOnly_) return;
    starredOnly_ = starredOnly;
    refresh();
    Q_EMIT starredOnlyChanged();
}

void GenerationHistoryModel::refresh() {
    apply(store_ ? store_->search(query_, starredOnly_) : QList<GenerationSummary>{});
}

void GenerationHistoryModel::apply(const QList<GenerationSummary>& rows) {
    if (applyRows(rows)) Q_EMIT countChanged();
}

int GenerationHistoryModel::rowOf(qint64 generationId) const { return rowOfId(generationId); }

qint64 GenerationHistoryModel::idAt(int row) const { return idAtRow(row); }

bool GenerationHistoryModel::takeStoreResult(bool ok) {
    if (ok) {
        clearError();
    } else if (store_) {
        setError(store_->error(), store_->errorFix());
    } else {
        setError(tr("There is no generation history."), tr("The studio opens one at start; restart it."));
    }
    return ok;
}

bool GenerationHistoryModel::star(qint64 generationId, bool starred) {
    return takeStoreResult(store_ && store_->setStarred(generationId, starred));
}

bool GenerationHistoryModel::remove(qint64 generationId) {
    return takeStoreResult(store_ && store_->deleteGeneration(generationId));
}

void GenerationHistoryModel::clearError() { setError({}, {}); }

void GenerationHistoryModel::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_) return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}

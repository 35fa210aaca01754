#include <QQmlContext>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(AdGen_StudioPlugin)

class Setup : public QObject {
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        engine->rootContext()->setContextProperty(QStringLiteral("fixturesDir"), QStringLiteral(ADGEN_FIXTURES_DIR));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(adgen_qml, Setup)
#include "qml_test_main.moc"

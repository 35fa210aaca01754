import QtQuick
import QtQuick.Controls
import AdGen.Studio

// The briefs opened or saved lately, then the products loaded lately, newest first. Files
// that have gone since are dropped each time the menu opens. The window decides what choosing
// one does (a brief replaces the current one only after the unsaved-changes question).
Menu {
    id: root

    required property BriefController brief
    signal briefChosen(string path)
    signal productChosen(string path)

    // The item a list's entries are inserted after.
    function indexOfItem(item) {
        for (let i = 0; i < root.count; ++i) {
            if (root.itemAt(i) === item)
                return i
        }
        return -1
    }

    width: Math.min(Math.max(implicitWidth, 320), 560)
    onAboutToShow: {
        root.brief.recentBriefs.prune()
        root.brief.recentProducts.prune()
    }

    MenuItem {
        id: briefsHeader
        objectName: "recentBriefsHeader"
        text: root.brief.recentBriefs.count > 0 ? qsTr("Recent briefs") : qsTr("No recent briefs")
        enabled: false
    }
    Instantiator {
        model: root.brief.recentBriefs
        delegate: MenuItem {
            required property int index
            required property string path
            required property string fileName
            required property string folder
            objectName: "recentBrief" + index
            text: qsTr("%1  \u2014  %2").arg(fileName).arg(folder)
            onTriggered: root.briefChosen(path)
        }
        onObjectAdded: (index, object) => root.insertItem(root.indexOfItem(briefsHeader) + 1 + index, object)
        onObjectRemoved: (index, object) => root.removeItem(object)
    }
    MenuSeparator {}
    MenuItem {
        id: productsHeader
        objectName: "recentProductsHeader"
        text: root.brief.recentProducts.count > 0 ? qsTr("Recent products") : qsTr("No recent products")
        enabled: false
    }
    Instantiator {
        model: root.brief.recentProducts
        delegate: MenuItem {
            required property int index
            required property string path
            required property string fileName
            required property string folder
            objectName: "recentProduct" + index
            text: qsTr("%1  \u2014  %2").arg(fileName).arg(folder)
            onTriggered: root.productChosen(path)
        }
        onObjectAdded: (index, object) => root.insertItem(root.indexOfItem(productsHeader) + 1 + index, object)
        onObjectRemoved: (index, object) => root.removeItem(object)
    }
}

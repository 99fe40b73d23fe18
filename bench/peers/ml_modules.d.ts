/**
 * Types for the two mljs packages the peer benchmark uses; neither ships its own. Only the
 * members the benchmark calls are declared.
 */
declare module 'ml-cart' {
  import type { Matrix } from 'ml-matrix';

  export interface DecisionTreeOptions {
    gainFunction?: 'gini';
    splitFunction?: 'mean';
    minNumSamples?: number;
    maxDepth?: number;
    gainThreshold?: number;
  }

  /** A trained node: internal nodes have both children; leaves have a class distribution. */
  export interface TreeNodeShape {
    left?: TreeNodeShape;
    right?: TreeNodeShape;
    splitColumn?: number;
    splitValue?: number;
    distribution?: unknown;
  }

  export class DecisionTreeClassifier {
    constructor(options?: DecisionTreeOptions);
    root: TreeNodeShape;
    train(trainingSet: number[][] | Matrix, trainingLabels: number[]): void;
    predict(toPredict: number[][] | Matrix): number[];
    toJSON(): { options: DecisionTreeOptions; root: TreeNodeShape; name: string };
  }
}

declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  export interface LogisticRegressionOptions {
    numSteps?: number;
    learningRate?: number;
  }

  /** One-vs-rest logistic regression trained by full-batch gradient ascent, without intercept. */
  export default class LogisticRegression {
    constructor(options?: LogisticRegressionOptions);
    numberClasses: number;
    classifiers: Array<{ weights: Matrix }>;
    train(features: Matrix, labels: Matrix): void;
    predict(features: Matrix): number[];
  }
}

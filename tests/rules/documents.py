"""Documents several rule modules test on, in the style of real lists."""

# free-programming-books' index: explicit anchors for headings whose slug would clash.
FREE_BOOKS = """\
## BY PROGRAMMING LANGUAGE

### Index

* [C](#c)
* [C#](#csharp)
* [C++](#cpp)
* [Go](#go)
* [Rust](#rust)


### C

* [The C Book](https://example.org/c)


### <a id="csharp"></a>C\\#

* [C# Notes](https://example.org/cs)


### <a id="cpp"></a>C++

* [C++ Notes](https://example.org/cpp)


### Go

* [Go Book](https://example.org/go)


### <a id="q-sharp"></a>Q\\#

* [Q# Guide](https://example.org/q)


### Rust

* [Rust Book](https://example.org/rust)
"""


# A roadmap's deep-learning chapter: two frameworks, each with an "Installation" section.
DEEP_LEARNING = """\
# Deep Learning Frameworks Complete Guide

## Table of Contents

- [Introduction](#introduction)
- [TensorFlow/Keras](#tensorflowkeras)
  - [Installation](#installation)
  - [Functional API](#functional-api)
- [PyTorch](#pytorch)
  - [Installation](#installation)
  - [Tensors](#tensors)
- [Autograd and the computational graph](#autograd-and-the-computational-graph)
- [Comprehensive Learning Resources](#comprehensive-learning-resources)

## Introduction
### Why Use Frameworks?
### Framework Overview
## TensorFlow/Keras
### Installation
### Functional API
### Model Subclassing
### Functional API
## PyTorch
### Installation
### Tensors
## Comprehensive Learning Resources
### Official Documentation
### Books
## Autograd and the computational graph
"""
